using Lockbox.Vault.Age;

namespace Lockbox.Tests.Vault.Age;

public sealed class AgeRoundTripTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(65535, 1)]
    [InlineData(65536, 1)]
    [InlineData(65537, 2)]
    [InlineData(131072, 2)]
    [InlineData((200 * 1024) + 3, 4)]
    public async Task Round_trips_with_x25519_in_the_expected_number_of_chunks(int size, int chunks)
    {
        using var identity = AgeX25519Identity.Generate();
        var plaintext = AgeTestData.Plaintext(size);

        var file = await AgeTestData.EncryptAsync(plaintext, [identity.Recipient], writeSize: 1000);

        // header, 16-byte nonce, then each chunk carries a 16-byte tag (a full last chunk is
        // allowed by the spec; an empty last chunk only for an empty payload)
        Assert.Equal(AgeTestData.HeaderLength(file) + 16 + size + (16 * chunks), file.Length);
        Assert.Equal(plaintext, await AgeTestData.DecryptAsync(file, identity));
    }

    [Fact]
    public async Task Every_recipient_of_a_file_can_open_it()
    {
        using var first = AgeX25519Identity.Generate();
        using var second = AgeX25519Identity.Generate();
        var plaintext = AgeTestData.Plaintext(70_000);

        var file = await AgeTestData.EncryptAsync(plaintext, [first.Recipient, second.Recipient]);

        Assert.Equal(plaintext, await AgeTestData.DecryptAsync(file, first));
        Assert.Equal(plaintext, await AgeTestData.DecryptAsync(file, second));
    }

    [Fact]
    public async Task Another_identity_is_refused()
    {
        using var owner = AgeX25519Identity.Generate();
        using var stranger = AgeX25519Identity.Generate();
        var file = await AgeTestData.EncryptAsync([1, 2, 3], [owner.Recipient]);

        var error = await Assert.ThrowsAsync<AgeDecryptionException>(
            () => AgeTestData.DecryptAsync(file, stranger));
        Assert.Contains("No identity matched", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passphrase_round_trips_and_a_wrong_one_is_refused()
    {
        const string Passphrase = "correct horse battery staple";
        var plaintext = AgeTestData.Plaintext(100_000);
        var recipient = new AgeScryptRecipient(Passphrase, AgeTestData.LowWorkFactor);

        var file = await AgeTestData.EncryptAsync(plaintext, [recipient]);

        var opened = await AgeTestData.DecryptAsync(file, new AgeScryptIdentity(Passphrase));
        Assert.Equal(plaintext, opened);
        var error = await Assert.ThrowsAsync<AgeDecryptionException>(
            () => AgeTestData.DecryptAsync(file, new AgeScryptIdentity("wrong horse")));
        Assert.DoesNotContain("horse", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_work_factor_above_the_maximum_is_refused()
    {
        var file = await AgeTestData.EncryptAsync([1], [new AgeScryptRecipient("pw", 12)]);

        await Assert.ThrowsAsync<AgeDecryptionException>(
            () => AgeTestData.DecryptAsync(file, new AgeScryptIdentity("pw", maxWorkFactor: 11)));
    }

    [Fact]
    public void An_scrypt_recipient_cannot_be_mixed_with_others()
    {
        using var identity = AgeX25519Identity.Generate();
        IAgeRecipient[] recipients =
            [identity.Recipient, new AgeScryptRecipient("pw", AgeTestData.LowWorkFactor)];

        Assert.Throws<ArgumentException>(
            () => AgeWriter.CreateEncryptingStream(Stream.Null, recipients, leaveOpen: true));
    }

    [Fact]
    public async Task A_payload_written_after_completion_is_refused_and_dispose_adds_nothing()
    {
        using var identity = AgeX25519Identity.Generate();
        using var output = new MemoryStream();

        var sealing = AgeWriter.CreateEncryptingStream(
            output, [identity.Recipient], leaveOpen: true);
        await sealing.WriteAsync(new byte[] { 42 });
        await sealing.CompleteAsync(CancellationToken.None);
        var completeLength = output.Length;
        await sealing.CompleteAsync(CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => sealing.WriteAsync(new byte[] { 43 }).AsTask());
        await sealing.DisposeAsync();

        Assert.Equal(completeLength, output.Length);
        Assert.Equal([42], await AgeTestData.DecryptAsync(output.ToArray(), identity));
    }

    [Fact]
    public async Task An_abandoned_payload_reads_as_truncated()
    {
        using var identity = AgeX25519Identity.Generate();
        using var output = new MemoryStream();

        await using (var sealing = AgeWriter.CreateEncryptingStream(
            output, [identity.Recipient], leaveOpen: true))
        {
            await sealing.WriteAsync(AgeTestData.Plaintext(100_000));
            sealing.Abandon();
        }

        await Assert.ThrowsAsync<AgeDecryptionException>(
            () => AgeTestData.DecryptAsync(output.ToArray(), identity));
    }

    [Fact]
    public async Task Sealing_streams_chunks_out_before_completion()
    {
        using var identity = AgeX25519Identity.Generate();
        using var output = new MemoryStream();

        var sealing = AgeWriter.CreateEncryptingStream(
            output, [identity.Recipient], leaveOpen: true);
        await sealing.WriteAsync(AgeTestData.Plaintext((3 * 65536) + 1));

        // three full chunks are out; only the last byte waits for completion
        Assert.True(output.Length >= 3 * (65536 + 16));
        await sealing.DisposeAsync();
    }

    [Fact]
    public async Task Opening_reads_the_input_one_chunk_at_a_time()
    {
        using var identity = AgeX25519Identity.Generate();
        var file = await AgeTestData.EncryptAsync(
            AgeTestData.Plaintext(10 * 65536), [identity.Recipient]);
        using var input = new MemoryStream(file);

        await using var plaintext = await AgeReader.OpenAsync(
            input, identity, leaveOpen: true, CancellationToken.None);
        var first = new byte[10];
        await plaintext.ReadExactlyAsync(first);

        Assert.True(input.Position <= AgeTestData.HeaderLength(file) + 16 + 65536 + 16 + 1);
    }
}
