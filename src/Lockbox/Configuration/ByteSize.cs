using System.Globalization;

namespace Lockbox.Configuration;

/// <summary>
/// Sizes written the way people write them: <c>25MiB</c>, <c>1.5 MiB</c>, <c>25MB</c>,
/// <c>512 KB</c>, <c>100 B</c> or a plain number of bytes. KB, MB, GB are powers of 1000 and
/// KiB, MiB, GiB powers of 1024 (IEC 80000-13). Units are case-insensitive.
/// </summary>
public static class ByteSize
{
    private static readonly (string Unit, long Factor)[] Units =
    [
        ("B", 1),
        ("KB", 1000), ("MB", 1000L * 1000), ("GB", 1000L * 1000 * 1000),
        ("KiB", 1024), ("MiB", 1024L * 1024), ("GiB", 1024L * 1024 * 1024),
    ];

    /// <summary>Parses a size into bytes.</summary>
    /// <exception cref="FormatException">Not a size, negative, fractional bytes or too big.
    /// The message explains which.</exception>
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        return TryParse(text, out var bytes, out var error)
            ? bytes
            : throw new FormatException(error);
    }

    /// <summary>Parses a size into bytes; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, out long bytes, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = 0;
        error = "";

        // split "1.5 MiB" into the number and the unit; the space is optional
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length
            && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }

        var number = trimmed[..split];
        var unit = trimmed[split..].TrimStart();
        if (number.Length == 0 || number.StartsWith('.') || number.EndsWith('.'))
        {
            error = "expected a number of bytes or a number with a unit such as 25MiB";
            return false;
        }

        var factor = FactorOf(unit);
        if (factor is null)
        {
            error = $"unknown unit '{unit}'; use B, KB, MB, GB, KiB, MiB or GiB";
            return false;
        }

        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
                out var value))
        {
            error = "the number is not valid";
            return false;
        }

        // decimal keeps "1.5 MiB" exact; a size is a whole number of bytes or it is a typo
        decimal total;
        try
        {
            total = value * factor.Value;
        }
        catch (OverflowException)
        {
            error = "the size is too large";
            return false;
        }

        if (total != decimal.Truncate(total))
        {
            error = "the size is not a whole number of bytes";
            return false;
        }

        if (total > long.MaxValue)
        {
            error = "the size is too large";
            return false;
        }

        bytes = (long)total;
        return true;
    }

    private static long? FactorOf(string unit)
    {
        if (unit.Length == 0)
        {
            return 1;
        }

        foreach (var (name, factor) in Units)
        {
            if (string.Equals(name, unit, StringComparison.OrdinalIgnoreCase))
            {
                return factor;
            }
        }

        return null;
    }
}
