using Lockbox.Configuration;
using Lockbox.Summarizing;
using Lockbox.Vault;

namespace Lockbox.Alerts;

/// <summary>
/// What an alert may say about a message at a given <see cref="AlertDetail"/>, already made
/// safe: every value is one clean line and sender-controlled text is defanged by
/// <see cref="LinkDefanger"/>. A value the detail level withholds is null, so no channel can
/// show it by mistake. Built from the vault's index row alone; it has no way to the body.
/// </summary>
/// <param name="From">From summary; null below <see cref="AlertDetail.Sender"/>.</param>
/// <param name="Envelope">Envelope sender; null below <see cref="AlertDetail.Sender"/>.</param>
/// <param name="Subject">Subject summary; null below <see cref="AlertDetail.Subject"/>.</param>
/// <param name="SenderCheck">The SPF/DKIM/DMARC verdict in words (it names the From domain);
/// null below <see cref="AlertDetail.Sender"/>.</param>
public sealed record AlertFacts(
    string Id,
    string Host,
    IReadOnlyList<string> Recipients,
    DateTimeOffset ReceivedAt,
    long Size,
    AlertDetail Detail,
    string? From,
    string? Envelope,
    string? Subject,
    string? SenderCheck = null)
{
    public static AlertFacts Of(StoredMessage message, string boxHostname, AlertDetail detail)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(boxHostname);

        var sender = detail >= AlertDetail.Sender;
        return new AlertFacts(
            OneLine.Clean(message.Id, 100),
            OneLine.Clean(boxHostname, 100),
            [.. message.Recipients.Select(r => OneLine.Clean(r, 200))],
            message.ReceivedAt,
            message.Size,
            detail,
            sender ? Sender(message.From) : null,
            sender ? Sender(message.ReversePath) : null,
            detail >= AlertDetail.Subject ? Sender(message.Subject) : null,
            sender ? SenderCheckText.Describe(message.Sender) : null);
    }

    private static string Sender(string text) => LinkDefanger.Defang(OneLine.Clean(text, 300));
}
