using Lockbox.Alerts;
using Lockbox.Summarizing;
using Lockbox.Tests.Summarizing;
using Lockbox.Vault;

namespace Lockbox.Tests.Alerts;

/// <summary>Index rows for alert tests, some summarized from the hostile .eml corpus.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Start = new(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);

    public const string BoxHostname = "lockbox.example";

    public const string Owner = "owner@example.net";

    public static StoredMessage Message(string id = "01JM5K7Q2Z") => new(
        id,
        Start,
        "bounce@bank.example",
        ["lastpass-7f3k@recovery.example"],
        12_345,
        "Bank <no-reply@bank.example>",
        "Reset your password at https://bank.example/reset");

    /// <summary>A delivery of <paramref name="message"/> as the queue hands it to a channel.
    /// </summary>
    public static PendingAlert Pending(StoredMessage message, long deliveryId = 7) =>
        new(deliveryId, "channel", message, 0, message.ReceivedAt);

    /// <summary>The row the receiver would store for a corpus message: the summary comes from
    /// the whole message (body with its marker included).</summary>
    public static StoredMessage FromCorpus(string name)
    {
        var eml = SummaryCorpus.Eml(name);
        var summary = MessageSummarizer.Summarize(eml, SummaryCorpus.ReversePath(name));
        return Message($"id-{name}") with
        {
            ReversePath = SummaryCorpus.ReversePath(name),
            Size = eml.Length,
            From = summary.From,
            Subject = summary.Subject,
        };
    }
}
