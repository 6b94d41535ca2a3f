using System.Text;
using Lockbox.Vault.Age;

namespace Lockbox.Tests.Vault.Age;

/// <summary>Each case is a fault an attacker or a broken disk can introduce.</summary>
public sealed class AgeTamperingTests
{
    private const int Size = (2 * 65536) + 100;

    [Theory]
    [InlineData("first payload byte", 16)]
    [InlineData("middle chunk", 16 + 65536 + 16 + 10)]
    [InlineData("last tag byte", -1)]
    public async Task A_flipped_payload_byte_fails_authentication(
        string where, int offsetAfterHeader)
    {
        var (identity, file) = await SealAsync();
        var offset = offsetAfterHeader < 0
            ? file.Length + offsetAfterHeader
            : AgeTestData.HeaderLength(file) + offsetAfterHeader;

        file[offset] ^= 0x01;

        var error = await Assert.ThrowsAsync<AgeDecryptionException>(
            () => AgeTestData.DecryptAsync(file, identity));
        Assert.False(string.IsNullOrEmpty(error.Message), where);
    }

    [Fact]
    public async Task A_flipped_payload_nonce_byte_fails_authentication()
    {
        var (identity, file) = await SealAsync();
        file[AgeTestData.HeaderLength(file)] ^= 0x80;

        await Assert.ThrowsAsync<AgeDecryptionException>(
            () => AgeTestData.DecryptAsync(file, identity));
    }

    [Fact]
    public async Task A_changed_header_mac_is_refused()
    {
        var (identity, file) = await SealAsync();
        var text = Encoding.Latin1.GetString(file);
        var macStart = text.IndexOf("\n--- ", StringComparison.Ordinal) + 5;

        // 'A' and 'B' differ in the first six bits only, so the base64 stays canonical
        file[macStart] = (byte)(file[macStart] == 'A' ? 'B' : 'A');

        var error = await Assert.ThrowsAsync<AgeDecryptionException>(
            () => AgeTestData.DecryptAsync(file, identity));
        Assert.Contains("MAC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_stanza_body_is_refused()
    {
        var (identity, file) = await SealAsync();
        var text = Encoding.Latin1.GetString(file);
        var bodyStart = text.IndexOf('\n', text.IndexOf("-> X25519", StringComparison.Ordinal)) + 1;

        file[bodyStart] = (byte)(file[bodyStart] == 'A' ? 'B' : 'A');

        await Assert.ThrowsAsync<AgeDecryptionException>(
            () => AgeTestData.DecryptAsync(file, identity));
    }

    [Theory]
    [InlineData("final chunk missing, ends at a chunk boundary", 100 + 16)]
    [InlineData("last two chunks missing", 100 + 16 + 65536 + 16)]
    [InlineData("cut inside the final chunk", 10)]
    public async Task A_truncated_payload_is_refused(string where, int bytesRemoved)
    {
        var (identity, file) = await SealAsync();
        Assert.NotEmpty(where);

        var truncated = file[..^bytesRemoved];

        await Assert.ThrowsAsync<AgeDecryptionException>(
            () => AgeTestData.DecryptAsync(truncated, identity));
    }

    [Fact]
    public async Task Data_after_the_final_chunk_is_refused()
    {
        var (identity, file) = await SealAsync();

        await Assert.ThrowsAsync<AgeDecryptionException>(
            () => AgeTestData.DecryptAsync([.. file, 0], identity));
    }

    [Fact]
    public async Task A_file_ending_in_the_header_is_a_format_error()
    {
        var (identity, file) = await SealAsync();

        await Assert.ThrowsAsync<AgeFormatException>(
            () => AgeTestData.DecryptAsync(file[..40], identity));
    }

    [Theory]
    [InlineData("age-encryption.org/v2\n", "version")]
    [InlineData("-----BEGIN AGE ENCRYPTED FILE-----\n", "armored")]
    [InlineData("hello\n", "Not an age file")]
    public async Task A_foreign_first_line_is_named(string firstLine, string expected)
    {
        using var identity = AgeX25519Identity.Generate();

        var error = await Assert.ThrowsAsync<AgeFormatException>(
            () => AgeTestData.DecryptAsync(Encoding.ASCII.GetBytes(firstLine), identity));
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_scrypt_stanza_beside_another_is_refused()
    {
        var (identity, file) = await SealAsync();
        var text = Encoding.Latin1.GetString(file);
        var stanza =
            "-> scrypt AAAAAAAAAAAAAAAAAAAAAA 10\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n";
        var spliced = text.Insert(text.IndexOf("-> X25519", StringComparison.Ordinal), stanza);

        await Assert.ThrowsAsync<AgeFormatException>(
            () => AgeTestData.DecryptAsync(Encoding.Latin1.GetBytes(spliced), identity));
    }

    [Fact]
    public async Task A_crlf_header_is_a_format_error()
    {
        var (identity, file) = await SealAsync();
        var text = Encoding.Latin1.GetString(file);
        var crlf = "age-encryption.org/v1\r\n" + text["age-encryption.org/v1\n".Length..];

        await Assert.ThrowsAsync<AgeFormatException>(
            () => AgeTestData.DecryptAsync(Encoding.Latin1.GetBytes(crlf), identity));
    }

    private static async Task<(AgeX25519Identity Identity, byte[] File)> SealAsync()
    {
        var identity = AgeX25519Identity.Generate();
        var plaintext = AgeTestData.Plaintext(Size);
        var file = await AgeTestData.EncryptAsync(plaintext, [identity.Recipient]);
        return (identity, file);
    }
}
