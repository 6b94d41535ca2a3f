using Lockbox.Vault.Age;
using Microsoft.Extensions.Time.Testing;

namespace Lockbox.Tests.Vault.Age;

public sealed class AgeKeyFileTests
{
    [Fact]
    public async Task A_sealed_identity_opens_with_its_passphrase_only()
    {
        using var identity = AgeX25519Identity.Generate();
        using var sealedKey = new MemoryStream();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        await AgeKeyFile.SealIdentityAsync(
            identity, "pass phrase", sealedKey, AgeTestData.LowWorkFactor, time);

        sealedKey.Position = 0;
        using (var opened = await AgeKeyFile.OpenIdentityAsync(sealedKey, "pass phrase"))
            Assert.Equal(identity.Recipient, opened.Recipient);

        sealedKey.Position = 0;
        await Assert.ThrowsAsync<AgeDecryptionException>(
            () => AgeKeyFile.OpenIdentityAsync(sealedKey, "pass-phrase"));
    }

    [Fact]
    public async Task The_sealed_text_is_age_keygen_text()
    {
        using var identity = AgeX25519Identity.Generate();
        using var sealedKey = new MemoryStream();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await AgeKeyFile.SealIdentityAsync(
            identity, "pw", sealedKey, AgeTestData.LowWorkFactor, time);

        sealedKey.Position = 0;
        using var text = new MemoryStream();
        await AgeReader.DecryptAsync(
            sealedKey, new AgeScryptIdentity("pw"), text, CancellationToken.None);

        var expected =
            $"# created: 2026-01-02T03:04:05Z\n# public key: {identity.Recipient}\n"
                + $"{identity.ExportSecretKey()}\n";
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(text.ToArray()));
    }

    [Fact]
    public async Task A_file_of_two_identities_is_refused()
    {
        using var first = AgeX25519Identity.Generate();
        using var second = AgeX25519Identity.Generate();
        var text = System.Text.Encoding.ASCII.GetBytes($"{first}\n{second}\n");
        var file = await AgeTestData.EncryptAsync(
            text, [new AgeScryptRecipient("pw", AgeTestData.LowWorkFactor)]);

        await Assert.ThrowsAsync<AgeFormatException>(
            () => AgeKeyFile.OpenIdentityAsync(new MemoryStream(file), "pw"));
    }
}
