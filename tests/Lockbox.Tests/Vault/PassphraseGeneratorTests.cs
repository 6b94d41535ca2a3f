using Lockbox.Vault;

namespace Lockbox.Tests.Vault;

public sealed class PassphraseGeneratorTests
{
    [Fact]
    public void Word_list_has_7776_distinct_words()
    {
        var words = PassphraseGenerator.Words;

        Assert.Equal(7776, words.Count);
        Assert.Equal(7776, words.Distinct(StringComparer.Ordinal).Count());
        Assert.All(words, w => Assert.Matches("^[a-z]+(-[a-z]+)?$", w));
        Assert.Equal(("abacus", "zoom"), (words[0], words[^1]));
    }

    [Fact]
    public void Default_passphrase_has_at_least_128_bits()
    {
        Assert.Equal(10, PassphraseGenerator.DefaultWords);
        Assert.True(PassphraseGenerator.EntropyBits(PassphraseGenerator.DefaultWords) >= 128);
        Assert.True(PassphraseGenerator.EntropyBits(9) < 128);
    }

    [Fact]
    public void Passphrase_is_list_words_joined_by_hyphens()
    {
        var words = PassphraseGenerator.Words.ToHashSet(StringComparer.Ordinal);

        Assert.All(Enumerable.Range(0, 200), _ => Assert.Contains(
            PassphraseGenerator.Generate(1), words));
        var phrase = PassphraseGenerator.Generate();
        Assert.Matches("^[a-z-]+$", phrase);
        Assert.InRange(phrase.Count(c => c == '-'), 9, 9 + 10);
        Assert.NotEqual(phrase, PassphraseGenerator.Generate());
    }
}
