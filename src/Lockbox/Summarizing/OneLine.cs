using System.Globalization;
using System.Text;

namespace Lockbox.Summarizing;

/// <summary>
/// Makes sender-controlled text safe to show on one line of a terminal, a push notification or
/// an alert mail. Whitespace runs (tabs, CR, LF, NBSP, U+2028...) collapse to one space; C0 and
/// C1 controls, DEL and the Unicode Bidi_Control characters (UAX #9: U+061C, U+200E, U+200F,
/// U+202A–U+202E, U+2066–U+2069) are shown escaped as <c>\uXXXX</c>, never raw; lone surrogates
/// become U+FFFD. Text longer than the cap ends in "…" and never in half an escape.
/// </summary>
/// <remarks>
/// A literal backslash is kept as it is: a sender can type "\u202E", but that text is then shown
/// as harmless characters, which is all an escape is meant to be.
/// </remarks>
public static class OneLine
{
    /// <summary>The ellipsis that marks a capped value.</summary>
    public const string Ellipsis = "…";

    /// <summary>Returns <paramref name="text"/> as one safe line of at most
    /// <paramref name="maxLength"/> UTF-16 code units (ellipsis included).</summary>
    public static string Clean(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrEmpty(text))
            return string.Empty;

        // pieces are whole runes or whole escapes, so a cap never splits either
        var line = new StringBuilder(Math.Min(text.Length, maxLength + 16));
        var pieceEnds = new List<int>();
        var pendingSpace = false;
        foreach (var rune in Enumerate(text))
        {
            if (Rune.IsWhiteSpace(rune))
            {
                pendingSpace = line.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                line.Append(' ');
                pieceEnds.Add(line.Length);
                pendingSpace = false;
            }

            Append(line, rune);
            pieceEnds.Add(line.Length);

            // enough to know a cap is needed; the rest is never shown
            if (line.Length > maxLength + 16)
                break;
        }

        return line.Length <= maxLength ? line.ToString() : Cap(line, pieceEnds, maxLength);
    }

    /// <summary>True for the characters <see cref="Clean"/> shows escaped.</summary>
    public static bool MustEscape(Rune rune)
    {
        var value = rune.Value;
        return value < 0x20
            || value is >= 0x7F and <= 0x9F
            || value is 0x061C or 0x200E or 0x200F
            || value is >= 0x202A and <= 0x202E
            || value is >= 0x2066 and <= 0x2069;
    }

    private static void Append(StringBuilder line, Rune rune)
    {
        if (MustEscape(rune))
            line.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:X4}");
        else
            line.Append(rune.ToString());
    }

    private static string Cap(StringBuilder line, List<int> pieceEnds, int maxLength)
    {
        var room = maxLength - Ellipsis.Length;
        var keep = 0;
        foreach (var end in pieceEnds)
        {
            if (end > room)
                break;
            keep = end;
        }

        return line.ToString(0, keep).TrimEnd() + Ellipsis;
    }

    private static IEnumerable<Rune> Enumerate(string text)
    {
        var index = 0;
        while (index < text.Length)
        {
            // a lone surrogate decodes as U+FFFD and consumes one code unit
            Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed);
            yield return rune;
            index += consumed;
        }
    }
}
