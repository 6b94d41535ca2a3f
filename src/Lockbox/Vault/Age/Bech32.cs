namespace Lockbox.Vault.Age;

/// <summary>
/// Bech32 (BIP 173) as age uses it for keys: no length limit on the data part, all
/// lowercase or all uppercase, checksum computed over the lowercase form (spec
/// "Conventions"). Data is 8-bit bytes regrouped into 5-bit symbols with zero padding.
/// </summary>
internal static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private static readonly uint[] Generator =
        [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

    /// <summary>Encodes <paramref name="data"/> under a lowercase <paramref name="hrp"/>.</summary>
    public static string Encode(string hrp, ReadOnlySpan<byte> data, bool upperCase)
    {
        var symbols = Regroup(data, 8, 5, pad: true)!;
        var checksum = Checksum(hrp, symbols);

        var text = new System.Text.StringBuilder(hrp.Length + 1 + symbols.Length + 6);
        text.Append(hrp).Append('1');
        foreach (var symbol in symbols.Concat(checksum))
            text.Append(Charset[symbol]);

        var encoded = text.ToString();
        return upperCase ? encoded.ToUpperInvariant() : encoded;
    }

    /// <summary>
    /// Decodes a Bech32 string, returning the lowercase HRP and the data bytes, or null when
    /// the case is mixed, a character is invalid, the checksum fails, or the padding is not
    /// zero. UpperCase reports which case the text used.
    /// </summary>
    public static (string Hrp, byte[] Data, bool UpperCase)? TryDecode(string text)
    {
        var hasLower = text.Any(char.IsAsciiLetterLower);
        var hasUpper = text.Any(char.IsAsciiLetterUpper);
        if (hasLower && hasUpper)
            return null;

        var lower = text.ToLowerInvariant();
        var separator = lower.LastIndexOf('1');
        if (separator < 1 || lower.Length - separator - 1 < 6)
            return null;

        var hrp = lower[..separator];
        if (hrp.Any(c => c < 33 || c > 126))
            return null;

        var symbols = new byte[lower.Length - separator - 1];
        for (var i = 0; i < symbols.Length; i++)
        {
            var value = Charset.IndexOf(lower[separator + 1 + i], StringComparison.Ordinal);
            if (value < 0)
                return null;
            symbols[i] = (byte)value;
        }

        if (Polymod(ExpandHrp(hrp).Concat(symbols)) != 1)
            return null;

        var data = Regroup(symbols.AsSpan(0, symbols.Length - 6), 5, 8, pad: false);
        return data is null ? null : (hrp, data, hasUpper);
    }

    private static byte[] Checksum(string hrp, byte[] symbols)
    {
        var mod = Polymod(ExpandHrp(hrp).Concat(symbols).Concat(new byte[6])) ^ 1;

        var checksum = new byte[6];
        for (var i = 0; i < 6; i++)
            checksum[i] = (byte)((mod >> (5 * (5 - i))) & 31);
        return checksum;
    }

    private static uint Polymod(IEnumerable<byte> values)
    {
        uint chk = 1;
        foreach (var value in values)
        {
            var top = chk >> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ value;
            for (var i = 0; i < 5; i++)
            {
                if (((top >> i) & 1) != 0)
                    chk ^= Generator[i];
            }
        }

        return chk;
    }

    private static IEnumerable<byte> ExpandHrp(string hrp) =>
        hrp.Select(c => (byte)(c >> 5)).Append((byte)0).Concat(hrp.Select(c => (byte)(c & 31)));

    // BIP 173 "convertbits": when decoding, leftover bits must be fewer than a symbol and zero
    private static byte[]? Regroup(ReadOnlySpan<byte> input, int fromBits, int toBits, bool pad)
    {
        var output = new List<byte>(input.Length * fromBits / toBits + 1);
        var accumulator = 0;
        var bits = 0;
        var maxValue = (1 << toBits) - 1;

        foreach (var value in input)
        {
            // only the bits not yet emitted matter; masking keeps the int from overflowing
            accumulator = ((accumulator << fromBits) | value) & 0xFFF;
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                output.Add((byte)((accumulator >> bits) & maxValue));
            }
        }

        if (pad)
        {
            if (bits > 0)
                output.Add((byte)((accumulator << (toBits - bits)) & maxValue));
        }
        else if (bits >= fromBits || ((accumulator << (toBits - bits)) & maxValue) != 0)
        {
            return null;
        }

        return [.. output];
    }
}
