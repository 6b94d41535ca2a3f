using Lockbox.Vault.Age;

namespace Lockbox.Tests.Vault.Age;

public sealed class AgeEncodingTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("AA", 1)]
    [InlineData("AAA", 2)]
    [InlineData("AAAA", 3)]
    [InlineData("+/+/", 3)]
    public void Canonical_unpadded_base64_decodes(string text, int length) =>
        Assert.Equal(length, AgeBase64.TryDecode(text)?.Length);

    [Theory]
    [InlineData("AB")] // trailing bits set: a second spelling of "AA"
    [InlineData("AAB")]
    [InlineData("AA==")] // padding
    [InlineData("AAAAA")] // a lone sixth-bit character
    [InlineData("AA AA")]
    [InlineData("AA\nA")]
    [InlineData("AA-_")] // URL alphabet
    public void Non_canonical_base64_is_refused(string text) =>
        Assert.Null(AgeBase64.TryDecode(text));

    [Fact]
    public void Base64_encoding_has_no_padding()
    {
        Assert.Equal("AQ", AgeBase64.Encode([1]));
        Assert.Equal("AQID", AgeBase64.Encode([1, 2, 3]));
    }

    [Fact]
    public void Bech32_round_trips_and_keeps_case()
    {
        byte[] data = [0, 1, 2, 250, 251, 255];

        var lower = Bech32.Encode("age", data, upperCase: false);
        var upper = Bech32.Encode("age-secret-key-", data, upperCase: true);

        var fromLower = Bech32.TryDecode(lower)!.Value;
        var fromUpper = Bech32.TryDecode(upper)!.Value;

        Assert.Equal(("age", false), (fromLower.Hrp, fromLower.UpperCase));
        Assert.Equal(data, fromLower.Data);
        Assert.Equal(("age-secret-key-", true), (fromUpper.Hrp, fromUpper.UpperCase));
        Assert.Equal(data, fromUpper.Data);
    }

    [Fact]
    public void Bech32_matches_the_bip173_test_vector() =>
        Assert.NotNull(Bech32.TryDecode("A12UEL5L"));

    [Fact]
    public void Bech32_refuses_mixed_case_and_bad_checksums()
    {
        using var identity = AgeX25519Identity.Generate();
        var recipient = identity.Recipient.ToString();

        Assert.Null(Bech32.TryDecode(recipient[..5] + recipient[5..].ToUpperInvariant()));
        var last = recipient[^1] == 'q' ? 'p' : 'q';
        Assert.Null(Bech32.TryDecode(recipient[..^1] + last));
    }

    [Fact]
    public void Keys_round_trip_through_their_strings()
    {
        using var identity = AgeX25519Identity.Generate();

        using var parsed = AgeX25519Identity.Parse(identity.ExportSecretKey());

        Assert.Equal(identity.Recipient, parsed.Recipient);
        Assert.Equal(identity.Recipient, AgeX25519Recipient.Parse(identity.Recipient.ToString()));
        Assert.StartsWith("AGE-SECRET-KEY-1", identity.ExportSecretKey(), StringComparison.Ordinal);
        Assert.StartsWith("age1", identity.Recipient.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Key_kinds_are_not_confused_and_errors_do_not_echo_the_input()
    {
        using var identity = AgeX25519Identity.Generate();
        var secret = identity.ExportSecretKey();

        var error = Assert.Throws<FormatException>(() => AgeX25519Recipient.Parse(secret));
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => AgeX25519Identity.Parse(secret.ToLowerInvariant()));
        Assert.Throws<FormatException>(
            () => AgeX25519Identity.Parse(identity.Recipient.ToString()));
    }
}
