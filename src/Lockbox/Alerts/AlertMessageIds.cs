namespace Lockbox.Alerts;

/// <summary>
/// The Message-ID of an email alert: <c>&lt;lockbox-alert.DELIVERY.MESSAGE@host&gt;</c>. It is
/// the same for every attempt of one delivery, so a resend after a crash is recognisably the
/// same alert, and a bounce or auto-reply that quotes it can be told apart from new mail.
/// </summary>
public static class AlertMessageIds
{
    private const string Prefix = "lockbox-alert.";

    /// <summary>The id without angle brackets, as MimeKit takes it.</summary>
    public static string Create(long deliveryId, string messageId, string boxHostname) =>
        $"{Prefix}{deliveryId}.{messageId}@{boxHostname}";

    /// <summary>True when <paramref name="text"/> holds an alert Message-ID of this box
    /// anywhere in it (with or without angle brackets).</summary>
    public static bool Mentions(string? text, string boxHostname)
    {
        if (string.IsNullOrEmpty(text))
            return false;

        var start = 0;
        while ((start = text.IndexOf(Prefix, start, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var end = text.IndexOfAny([' ', '>', '\t', '\r', '\n'], start);
            var candidate = end < 0 ? text[start..] : text[start..end];
            if (candidate.EndsWith("@" + boxHostname, StringComparison.OrdinalIgnoreCase))
                return true;

            start += Prefix.Length;
        }

        return false;
    }
}
