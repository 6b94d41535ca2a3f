using System.Globalization;
using System.Text;
using Lockbox.Configuration;
using Lockbox.Summarizing;
using Lockbox.Vault;

namespace Lockbox.Alerts;

/// <summary>
/// The words of one alert, for every channel, from <see cref="AlertFacts"/> alone: what the
/// channel's <see cref="AlertDetail"/> withholds is not even at hand here. Sender-controlled
/// text is one clean line and defanged, so an alert never carries a clickable link from the
/// message.
/// </summary>
/// <param name="Subject">One line, e.g. <c>Recovery mail for a@recovery.example from Bank
/// &lt;x@bank.example&gt;</c>.</param>
/// <param name="Body">Plain text, LF line ends, ending with how to read the message.</param>
public sealed record AlertText(string Subject, string Body)
{
    private const int MaxSubjectLength = 250;

    /// <summary>The words of any delivery: a read (<see cref="ReadAlertText"/>), a flood
    /// digest or one message.</summary>
    public static AlertText Of(PendingAlert alert, string boxHostname, AlertDetail detail)
    {
        ArgumentNullException.ThrowIfNull(alert);

        return alert.Read is { } read
            ? Render(read, boxHostname)
            : Render(alert.StoredMessage, boxHostname, detail, alert.Digest);
    }

    /// <summary>A read alert: never any part of the message, whatever the detail level.
    /// </summary>
    public static AlertText Render(ReadAttempt read, string boxHostname) =>
        ReadAlertText.Render(read, boxHostname);

    public static AlertText Render(
        StoredMessage message,
        string boxHostname,
        AlertDetail detail = AlertDetail.Subject,
        AlertDigest? digest = null) =>
        Render(AlertFacts.Of(message, boxHostname, detail), digest);

    public static AlertText Render(AlertFacts facts, AlertDigest? digest = null)
    {
        ArgumentNullException.ThrowIfNull(facts);

        var body = new StringBuilder();
        if (digest is null)
            body.Append(CultureInfo.InvariantCulture,
                $"Mail arrived at a recovery address on {facts.Host}.\n\n");
        else
            Flood(body, facts, digest);

        foreach (var recipient in facts.Recipients)
            Line(body, "To", recipient);

        // each line appears only when the detail level allows it (see AlertFacts)
        if (facts.From is { } from)
            Line(body, "From", from);

        if (facts.Envelope is { } envelope)
            Line(body, "Envelope", $"<{envelope}>");

        if (facts.SenderCheck is { } check)
            body.Append(CultureInfo.InvariantCulture, $"{SenderCheckText.Label}: {check}\n");

        if (facts.Subject is { } subject)
            Line(body, "Subject", subject);

        Line(body, "Received", Time(facts.ReceivedAt));
        if (facts.Detail >= AlertDetail.Sender)
        {
            Line(body, "Size",
                string.Create(CultureInfo.InvariantCulture, $"{facts.Size:N0} bytes"));
        }

        Line(body, "Message", facts.Id);
        Line(body, "Box", facts.Host);
        body.Append('\n');
        body.Append(digest is null
            ? $"Read it on the box: lockbox read {facts.Id}\n"
            : "See them all on the box: lockbox list\n");
        body.Append('\n');
        body.Append(facts.From is null
            ? "This channel is set to tell no sender or subject; the box has them.\n"
            : "From and Subject are what the sender wrote; links in them are spelled\n"
                + "hxxp:// so none is clickable. This alert holds no part of the message.\n");

        return new AlertText(Title(facts, digest), body.ToString());
    }

    private static string Title(AlertFacts facts, AlertDigest? digest)
    {
        var to = digest is null ? Short(facts.Recipients) : OneLine.Clean(digest.Address, 200);
        var title = facts.From is null
            ? $"Recovery mail for {to}"
            : $"Recovery mail for {to} from {facts.From}";
        if (digest is not null)
            title += string.Create(CultureInfo.InvariantCulture, $" and {digest.Count - 1} more");

        return OneLine.Clean(title, MaxSubjectLength);
    }

    private static void Flood(StringBuilder body, AlertFacts facts, AlertDigest digest)
    {
        var address = OneLine.Clean(digest.Address, 200);
        body.Append(CultureInfo.InvariantCulture,
                $"{digest.Count} messages arrived for {address} on {facts.Host}\n")
            .Append(CultureInfo.InvariantCulture,
                $"from {Time(digest.Since)} to {Time(digest.Until)}, more than the flood\n")
            .Append("limit allows one alert each, so they are summed up here.\n")
            .Append("The first of them:\n\n");
    }

    private static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Short(IReadOnlyList<string> recipients) => recipients.Count switch
    {
        0 => "(no recipient)",
        1 => recipients[0],
        _ => string.Create(
            CultureInfo.InvariantCulture, $"{recipients[0]} and {recipients.Count - 1} more"),
    };

    private static void Line(StringBuilder body, string label, string value) =>
        body.Append(CultureInfo.InvariantCulture, $"{label + ":",-10}{value}\n");
}
