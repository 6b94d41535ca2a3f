namespace Lockbox.Receiving.Smtp;

/// <summary>
/// The MAIL FROM parameters this engine advertises: SIZE (RFC 1870), BODY (RFC 6152) and
/// SMTPUTF8 (RFC 6531). Anything else is refused with 555 (RFC 5321 §4.1.1.11).
/// </summary>
/// <param name="Size">Declared size, or null; a value too large for a long is long.MaxValue.
/// </param>
internal sealed record MailParameters(long? Size, bool EightBit, bool SmtpUtf8)
{
    public static readonly MailParameters None = new(null, false, false);

    /// <summary>Parses the text after the path; the error is the reply to send.</summary>
    public static (MailParameters? Parameters, SmtpReply? Error) Parse(string text)
    {
        var result = None;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? item : item[..equals]).ToUpperInvariant();
            var value = equals < 0 ? null : item[(equals + 1)..];
            if (key is not ("SIZE" or "BODY" or "SMTPUTF8"))
            {
                return (null, SmtpReplies.UnknownParameter);
            }

            if (!seen.Add(key))
            {
                return (null, SmtpReplies.SyntaxError);
            }

            MailParameters? next = key switch
            {
                "SIZE" when IsDigits(value) => result with { Size = ParseSize(value!) },
                "BODY" when IsOneOf(value, "7BIT") => result with { EightBit = false },
                "BODY" when IsOneOf(value, "8BITMIME") => result with { EightBit = true },
                "SMTPUTF8" when value is null => result with { SmtpUtf8 = true },
                _ => null,
            };
            if (next is null)
            {
                return (null, SmtpReplies.SyntaxError);
            }

            result = next;
        }

        return (result, null);
    }

    private static bool IsDigits(string? value) =>
        value is { Length: > 0 } && value.All(char.IsAsciiDigit);

    private static bool IsOneOf(string? value, string expected) =>
        string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    private static long ParseSize(string digits) =>
        long.TryParse(digits, out var size) ? size : long.MaxValue;
}
