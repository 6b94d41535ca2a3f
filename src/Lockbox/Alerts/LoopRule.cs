using System.Text;
using MimeKit;

namespace Lockbox.Alerts;

/// <summary>
/// Tells whether a received message is an automatic answer to one of the box's own alerts, so
/// it is kept and listed but not alerted (an alert about a bounce of an alert would bounce in
/// turn, for ever). Only what marks a message as an automatic answer to an alert counts:
/// <list type="number">
/// <item>An automatic response (RFC 3834 §5: <c>Auto-Submitted</c> with any value but
/// <c>no</c>; or the widespread <c>X-Autoreply</c> / <c>X-Autorespond</c>; or the null
/// reverse-path that RFC 5321 §4.5.5 requires of notifications) whose <c>In-Reply-To</c> or
/// <c>References</c> names an alert Message-ID (<see cref="AlertMessageIds"/>).</item>
/// <item>A delivery or disposition report (RFC 3464, RFC 8098: null reverse-path and
/// <c>multipart/report</c>) whose report parts name an alert Message-ID, as the returned
/// headers or the <c>Original-Message-ID</c> field do.</item>
/// </list>
/// </summary>
/// <remarks>
/// <c>Auto-Submitted: auto-generated</c> alone never silences a message: that is what a bank's
/// password-reset mail is, and telling the owner about it is the box's purpose. Nor does
/// <c>Precedence: bulk</c>, which many legitimate senders set. Mail to the alerts' own envelope
/// sender is silenced separately (<see cref="AlertRouting.IsAlertSender"/>).
/// </remarks>
public static class LoopRule
{
    /// <summary>Report bodies are read this far; the parts that name the original message
    /// come right after a short human-readable part.</summary>
    public const int ReportPrefixLimit = 128 * 1024;

    public const string AutoReplyReason = "automatic reply to an alert";

    public const string ReportReason = "delivery report about an alert";

    /// <summary>The reason the message must not be alerted, or null.</summary>
    /// <param name="headerBlock">The header section as received.</param>
    /// <param name="reportPrefix">The message's first bytes when its reverse path is null
    /// (headers and the start of the body), else empty.</param>
    public static string? Reason(
        ReadOnlyMemory<byte> headerBlock,
        ReadOnlyMemory<byte> reportPrefix,
        string reversePath,
        string boxHostname)
    {
        ArgumentNullException.ThrowIfNull(reversePath);
        ArgumentNullException.ThrowIfNull(boxHostname);

        try
        {
            var headers = Load(headerBlock);
            var nullSender = reversePath.Length == 0;
            if (IsAutomatic(headers, nullSender) && RefersToAlert(headers, boxHostname))
                return AutoReplyReason;

            return nullSender && IsReport(headers)
                && ReportNamesAlert(reportPrefix, boxHostname) ? ReportReason : null;
        }
        catch (FormatException)
        {
            // unreadable structure: not recognisably an answer to an alert, so it is alerted
            return null;
        }
    }

    private static bool IsAutomatic(HeaderList headers, bool nullSender)
    {
        var autoSubmitted = headers[HeaderId.AutoSubmitted];
        var token = autoSubmitted?.Split(';')[0].Trim();
        return (token is { Length: > 0 } && !token.Equals("no", StringComparison.OrdinalIgnoreCase))
            || headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond")
            || nullSender;
    }

    private static bool RefersToAlert(HeaderList headers, string host) =>
        AlertMessageIds.Mentions(headers[HeaderId.InReplyTo], host)
        || AlertMessageIds.Mentions(headers[HeaderId.References], host);

    private static bool IsReport(HeaderList headers) =>
        ContentType.TryParse(headers[HeaderId.ContentType] ?? "", out var type)
        && type.IsMimeType("multipart", "report");

    private static bool ReportNamesAlert(ReadOnlyMemory<byte> prefix, string host)
    {
        if (prefix.IsEmpty)
            return false;

        using var stream = new MemoryStream(prefix.ToArray(), writable: false);
        var message = MimeMessage.Load(stream);
        if (message.Body is not MultipartReport report)
            return false;

        // the first part is the human-readable text; the others describe the original
        foreach (var part in report.Skip(1))
        {
            if (AlertMessageIds.Mentions(TextOf(part), host))
                return true;
        }

        return false;
    }

    private static string TextOf(MimeEntity part)
    {
        switch (part)
        {
            case MessagePart { Message: { } original }:
                return string.Join("\n", original.Headers.Select(h => $"{h.Field}: {h.Value}"));

            case MimePart { Content: { } content }:
                using (var decoded = new MemoryStream())
                {
                    content.DecodeTo(decoded);
                    return Encoding.Latin1.GetString(decoded.ToArray());
                }

            default:
                return part.ToString() ?? "";
        }
    }

    private static HeaderList Load(ReadOnlyMemory<byte> headerBlock)
    {
        if (headerBlock.IsEmpty)
            return [];

        using var stream = new MemoryStream(headerBlock.ToArray(), writable: false);
        return HeaderList.Load(stream);
    }
}
