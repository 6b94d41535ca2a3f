namespace Lockbox.Configuration;

/// <summary>Finds the known key a typo was meant to be.</summary>
internal static class KeySuggestion
{
    /// <summary>The nearest of <paramref name="known"/>, or null when none is close enough to
    /// be a plausible typo.</summary>
    public static string? Nearest(string typed, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        // two edits, or a third of the word for long keys such as max_message_size
        var limit = Math.Max(2, typed.Length / 3);
        return bestDistance <= limit ? best : null;
    }

    /// <summary>
    /// Edit distance that counts a swap of neighbours as one edit (optimal string alignment),
    /// because "smpt" for "smtp" is the commonest typo of all.
    /// </summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(
                    Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1),
                    d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
