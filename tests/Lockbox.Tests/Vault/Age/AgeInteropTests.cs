using System.Text;
using Lockbox.Vault.Age;

namespace Lockbox.Tests.Vault.Age;

/// <summary>Interop with Debian's age 1.1.1, the box's fallback reader.</summary>
public sealed class AgeInteropTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(131072)]
    [InlineData((200 * 1024) + 3)]
    public async Task Age_opens_what_we_seal_to_an_x25519_recipient(int size)
    {
        using var folder = new TempFolder();
        using var identity = AgeX25519Identity.Generate();
        await File.WriteAllTextAsync(folder.File("key.txt"), identity.ExportSecretKey() + "\n");
        var plaintext = AgeTestData.Plaintext(size);
        var file = await AgeTestData.EncryptAsync(plaintext, [identity.Recipient]);
        await File.WriteAllBytesAsync(folder.File("msg.age"), file);

        await AgeCli.RunAsync(
            "age",
            "-d", "-i", folder.File("key.txt"), "-o", folder.File("msg"), folder.File("msg.age"));

        // age creates -o lazily on first write, so an empty plaintext leaves no file (exit 0)
        var opened = File.Exists(folder.File("msg"))
            ? await File.ReadAllBytesAsync(folder.File("msg"))
            : [];
        Assert.Equal(plaintext, opened);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(131072)]
    [InlineData((200 * 1024) + 3)]
    public async Task We_open_what_age_seals_to_our_recipient(int size)
    {
        using var folder = new TempFolder();
        using var identity = AgeX25519Identity.Generate();
        using var other = AgeX25519Identity.Generate();
        var plaintext = AgeTestData.Plaintext(size);
        await File.WriteAllBytesAsync(folder.File("msg"), plaintext);

        await AgeCli.RunAsync(
            "age",
            "-r", other.Recipient.ToString(),
            "-r", identity.Recipient.ToString(),
            "-o", folder.File("msg.age"),
            folder.File("msg"));

        var file = await File.ReadAllBytesAsync(folder.File("msg.age"));
        Assert.Equal(plaintext, await AgeTestData.DecryptAsync(file, identity));
    }

    [Fact]
    public async Task We_read_an_age_keygen_identity()
    {
        using var folder = new TempFolder();
        await AgeCli.RunAsync("age-keygen", "-o", folder.File("key.txt"));
        var lines = await File.ReadAllLinesAsync(folder.File("key.txt"));

        using var identity = AgeX25519Identity.Parse(
            lines.Single(l => l.StartsWith("AGE-", StringComparison.Ordinal)));

        Assert.Contains($"# public key: {identity.Recipient}", lines);
        var derived = await AgeCli.RunAsync("age-keygen", "-y", folder.File("key.txt"));
        Assert.Equal(identity.Recipient.ToString(), derived.Trim());
        Assert.Equal(lines[^1], identity.ExportSecretKey());
    }

    [Fact]
    public async Task Age_decrypts_with_our_key_file_at_the_default_work_factor()
    {
        const string Passphrase = "tarn-ochre-gable-nine";
        using var folder = new TempFolder();
        using var identity = AgeX25519Identity.Generate();
        await using (var keyFile = File.Create(folder.File("box-key.age")))
            await AgeKeyFile.SealIdentityAsync(identity, Passphrase, keyFile);
        var plaintext = AgeTestData.Plaintext(70_000);
        var file = await AgeTestData.EncryptAsync(plaintext, [identity.Recipient]);
        await File.WriteAllBytesAsync(folder.File("msg.age"), file);

        // age asks for the key file's passphrase on the terminal, then opens the message
        await AgeCli.RunWithPassphraseAsync(
            Passphrase,
            "-d",
            "-i", folder.File("box-key.age"),
            "-o", folder.File("msg"),
            folder.File("msg.age"));

        Assert.Equal(plaintext, await File.ReadAllBytesAsync(folder.File("msg")));
        var keyFileBytes = await File.ReadAllBytesAsync(folder.File("box-key.age"));
        var stanza = Encoding.ASCII.GetString(keyFileBytes);
        Assert.Contains("\n-> scrypt ", stanza, StringComparison.Ordinal);
        Assert.Contains(" 18\n", stanza, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Age_decrypts_our_key_file_to_age_keygen_text()
    {
        const string Passphrase = "moss-lantern-quill";
        using var folder = new TempFolder();
        using var identity = AgeX25519Identity.Generate();
        await using (var keyFile = File.Create(folder.File("box-key.age")))
        {
            await AgeKeyFile.SealIdentityAsync(
                identity, Passphrase, keyFile, AgeTestData.LowWorkFactor);
        }

        await AgeCli.RunWithPassphraseAsync(
            Passphrase, "-d", "-o", folder.File("key.txt"), folder.File("box-key.age"));

        var lines = await File.ReadAllLinesAsync(folder.File("key.txt"));
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^# created: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", lines[0]);
        Assert.Equal($"# public key: {identity.Recipient}", lines[1]);
        Assert.Equal(identity.ExportSecretKey(), lines[2]);
    }

    [Fact]
    public async Task We_open_an_age_p_key_file_and_refuse_a_wrong_passphrase()
    {
        const string Passphrase = "cobalt-fern-harbour";
        using var folder = new TempFolder();
        await AgeCli.RunAsync("age-keygen", "-o", folder.File("key.txt"));
        await AgeCli.RunWithPassphraseAsync(
            Passphrase, "-p", "-o", folder.File("key.age"), folder.File("key.txt"));
        var keyLine = (await File.ReadAllLinesAsync(folder.File("key.txt")))[^1];

        await using (var input = File.OpenRead(folder.File("key.age")))
        {
            using var opened = await AgeKeyFile.OpenIdentityAsync(input, Passphrase);
            Assert.Equal(keyLine, opened.ExportSecretKey());
        }

        await using (var input = File.OpenRead(folder.File("key.age")))
        {
            await Assert.ThrowsAsync<AgeDecryptionException>(
                () => AgeKeyFile.OpenIdentityAsync(input, "cobalt-fern-harbor"));
        }
    }
}
