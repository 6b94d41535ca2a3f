using System.Globalization;
using System.Text;
using Lockbox.Summarizing;
using Lockbox.Vault;

namespace Lockbox.Alerts;

/// <summary>
/// The words of one alert, for every channel. Rendered from the vault's index row alone: the
/// renderer has no way to reach the body or any header beyond the From and Subject summaries.
/// Sender-controlled text (From, Subject, envelope sender) is cleaned to one line again and
/// defanged by <see cref="LinkDefanger"/>, so an alert never carries a clickable link from the
/// message.
/// </summary>
/// <param name="Subject">One line, e.g. <c>Recovery mail for a@recovery.example from Bank
/// &lt;x@bank.example&gt;</c>.</param>
/// <param name="Body">Plain text, LF line ends, ending with how to read the message.</param>
public sealed record AlertText(string Subject, string Body)
{
    private const int MaxSubjectLength = 250;

    public static AlertText Render(StoredMessage message, string boxHostname)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(boxHostname);

        var from = Sender(message.From);
        var subject = Sender(message.Subject);
        var envelope = Sender(message.ReversePath);
        var id = OneLine.Clean(message.Id, 100);
        var host = OneLine.Clean(boxHostname, 100);
        var recipients = message.Recipients.Select(r => OneLine.Clean(r, 200)).ToList();

        var title = OneLine.Clean(
            $"Recovery mail for {Short(recipients)} from {from}", MaxSubjectLength);

        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Mail arrived at a recovery address on {host}.")
            .Append("\n\n");
        foreach (var recipient in recipients)
            Line(body, "To", recipient);

        Line(body, "From", from);
        Line(body, "Envelope", $"<{envelope}>");
        body.Append($"{SenderCheckText.Label}: {SenderCheckText.Describe(message.Sender)}\n");
        Line(body, "Subject", subject);
        Line(body, "Received", message.ReceivedAt.UtcDateTime.ToString(
            "yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Line(body, "Size", string.Create(CultureInfo.InvariantCulture, $"{message.Size:N0} bytes"));
        Line(body, "Message", id);
        Line(body, "Box", host);
        body.Append('\n')
            .Append(CultureInfo.InvariantCulture, $"Read it on the box: lockbox read {id}\n")
            .Append('\n')
            .Append("From and Subject are what the sender wrote; links in them are spelled\n")
            .Append("hxxp:// so none is clickable. This alert holds no part of the message.\n");

        return new AlertText(title, body.ToString());
    }

    private static string Sender(string text) => LinkDefanger.Defang(OneLine.Clean(text, 300));

    private static string Short(List<string> recipients) => recipients.Count switch
    {
        0 => "(no recipient)",
        1 => recipients[0],
        _ => string.Create(
            CultureInfo.InvariantCulture, $"{recipients[0]} and {recipients.Count - 1} more"),
    };

    private static void Line(StringBuilder body, string label, string value) =>
        body.Append(CultureInfo.InvariantCulture, $"{label + ":",-10}{value}\n");
}
