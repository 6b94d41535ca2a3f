using Lockbox.Vault;
using Lockbox.Vault.Age;

namespace Lockbox.Reading;

/// <summary>Opens sealed messages with the unlocked box key.</summary>
public sealed class SealedMessageReader(VaultLayout layout, AgeX25519Identity identity)
{
    /// <summary>Writes the message's stored bytes (trace header + what the client sent).</summary>
    public async Task CopyToAsync(
        string messageId, Stream output, CancellationToken cancellationToken)
    {
        await using var sealedFile = new FileStream(layout.SealedMessagePath(messageId),
            FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
        await AgeReader.DecryptAsync(sealedFile, identity, output, cancellationToken);
    }
}
