using Lockbox.Vault.Age;

namespace Lockbox.Vault;

/// <summary>
/// The box's key pair. The public key lies in the clear so the server can seal; the private key
/// is an age identity sealed under the passphrase with age's scrypt format, so that Debian's
/// <c>age -d</c> can open it too if Lockbox is ever gone.
/// </summary>
public sealed class BoxKeys(VaultLayout layout)
{
    /// <summary>age's own default: about a second of work for each guess.</summary>
    public const int DefaultWorkFactor = 18;

    public bool Exist => File.Exists(layout.KeyFile) || File.Exists(layout.RecipientFile);

    /// <summary>Creates the key pair; refuses to overwrite an existing one.</summary>
    public async Task<AgeX25519Recipient> CreateAsync(
        string passphrase, int workFactor, CancellationToken cancellationToken)
    {
        if (Exist)
        {
            throw new InvalidOperationException($"a key already exists in {layout.Root}");
        }

        PrivateFolder.Create(layout.Root);
        using var identity = AgeX25519Identity.Generate();

        // the private key first: a public key without its private half would seal mail that
        // nobody can ever read
        await WriteDurablyAsync(layout.KeyFile, async stream =>
            await AgeKeyFile.SealIdentityAsync(identity, passphrase, stream, workFactor),
            cancellationToken);
        var recipientText = identity.Recipient.ToString() + "\n";
        await WriteDurablyAsync(layout.RecipientFile, async stream =>
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(recipientText),
                cancellationToken), cancellationToken);
        DirectorySync.Flush(layout.Root);
        return identity.Recipient;
    }

    /// <summary>The public key the server seals to.</summary>
    public AgeX25519Recipient LoadRecipient()
    {
        if (!File.Exists(layout.RecipientFile))
        {
            throw new FileNotFoundException(
                $"no box key in {layout.Root}: run 'lockbox init' first", layout.RecipientFile);
        }

        return AgeX25519Recipient.Parse(File.ReadAllText(layout.RecipientFile).Trim());
    }

    /// <summary>Opens the private key; a wrong passphrase throws AgeDecryptionException.</summary>
    public async Task<AgeX25519Identity> UnlockAsync(
        string passphrase, CancellationToken cancellationToken)
    {
        if (!File.Exists(layout.KeyFile))
        {
            throw new FileNotFoundException(
                $"no box key in {layout.Root}: run 'lockbox init' first", layout.KeyFile);
        }

        await using var stream = File.OpenRead(layout.KeyFile);
        return await AgeKeyFile.OpenIdentityAsync(stream, passphrase, cancellationToken);
    }

    private static async Task WriteDurablyAsync(
        string path, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            await write(stream);
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path);
    }
}
