namespace Lockbox.Vault.Age;

/// <summary>
/// The base64 of the age header: RFC 4648 §4 alphabet without padding. Decoding is strict
/// (spec "Conventions"): no padding, no whitespace, and unused trailing bits must be zero,
/// so every value has exactly one accepted encoding and the header MAC covers one text.
/// </summary>
internal static class AgeBase64
{
    public static string Encode(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=');

    /// <summary>Decodes canonical unpadded base64, or returns null.</summary>
    public static byte[]? TryDecode(ReadOnlySpan<char> text)
    {
        // a single leftover character cannot carry a whole byte
        if (text.Length % 4 == 1)
            return null;

        foreach (var c in text)
        {
            if (ValueOf(c) < 0)
                return null;
        }

        // the bits below the last whole byte must be zero, or two texts mean one value
        var last = text.Length == 0 ? 0 : ValueOf(text[^1]);
        var unusedMask = (text.Length % 4) switch { 2 => 0x0F, 3 => 0x03, _ => 0 };
        if ((last & unusedMask) != 0)
            return null;

        var padded = text.Length % 4 == 0
            ? text.ToString()
            : string.Concat(text, new string('=', 4 - (text.Length % 4)));
        return Convert.FromBase64String(padded);
    }

    /// <summary>Decodes canonical base64 of exactly <paramref name="length"/> bytes.</summary>
    public static byte[]? TryDecode(ReadOnlySpan<char> text, int length)
    {
        var bytes = TryDecode(text);
        return bytes is not null && bytes.Length == length ? bytes : null;
    }

    public static bool IsBase64Char(byte c) => ValueOf((char)c) >= 0;

    private static int ValueOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' => 62,
        '/' => 63,
        _ => -1,
    };
}
