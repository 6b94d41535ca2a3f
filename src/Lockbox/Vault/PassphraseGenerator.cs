using System.Collections.ObjectModel;
using System.Security.Cryptography;

namespace Lockbox.Vault;

/// <summary>
/// Makes the passphrase <c>lockbox init</c> prints: words drawn uniformly from the EFF large
/// word list (7,776 words, about 12.92 bits each), joined with <c>-</c>.
/// </summary>
/// <remarks>
/// Four words of the list contain a hyphen themselves (<c>drop-down</c>, <c>felt-tip</c>,
/// <c>t-shirt</c>, <c>yo-yo</c>). The passphrase is only ever used as a whole string, so this
/// costs a negligible fraction of a bit and the list is kept exactly as published.
/// </remarks>
public static class PassphraseGenerator
{
    /// <summary>The default length: 10 words ≈ 129.2 bits, above the 128-bit target.</summary>
    public const int DefaultWords = 10;

    private const string ResourceName = "eff_large_wordlist.txt";

    private static readonly Lazy<IReadOnlyList<string>> LazyWords = new(LoadWords);

    /// <summary>The embedded word list, in its published order.</summary>
    public static IReadOnlyList<string> Words => LazyWords.Value;

    /// <summary>Entropy in bits of a passphrase of <paramref name="words"/> words.</summary>
    public static double EntropyBits(int words) => words * Math.Log2(Words.Count);

    /// <summary>
    /// Draws <paramref name="words"/> words with <see cref="RandomNumberGenerator.GetInt32(int)"/>,
    /// which rejects biased samples, so every word is equally likely.
    /// </summary>
    public static string Generate(int words = DefaultWords)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(words, 1);

        var list = Words;
        var chosen = new string[words];
        for (var i = 0; i < words; i++)
        {
            chosen[i] = list[RandomNumberGenerator.GetInt32(list.Count)];
        }

        return string.Join('-', chosen);
    }

    private static ReadOnlyCollection<string> LoadWords()
    {
        using var stream = typeof(PassphraseGenerator).Assembly
            .GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"The embedded resource '{ResourceName}' is missing from the build.");
        using var reader = new StreamReader(stream);

        var words = new List<string>(7776);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                words.Add(line);
            }
        }

        return words.AsReadOnly();
    }
}
