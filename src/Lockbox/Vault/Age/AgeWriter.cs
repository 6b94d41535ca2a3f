using System.Security.Cryptography;

namespace Lockbox.Vault.Age;

/// <summary>Seals data as an age-encryption.org/v1 file.</summary>
public static class AgeWriter
{
    /// <summary>
    /// Writes the header for <paramref name="recipients"/> and the payload nonce to
    /// <paramref name="output"/> right away, then returns a write-only stream whose writes
    /// become the payload. The final chunk is written by
    /// <see cref="AgeEncryptingStream.CompleteAsync"/> or, failing that, by dispose; see
    /// <see cref="AgeEncryptingStream"/> for when to prefer the explicit call.
    /// </summary>
    /// <remarks>
    /// The header is written synchronously: it is a few hundred bytes. Recipients' key
    /// wrapping also runs here, and an scrypt recipient costs its work factor in CPU time.
    /// </remarks>
    /// <exception cref="ArgumentException">No recipients, or an scrypt recipient among
    /// others (spec: its stanza must be alone).</exception>
    public static AgeEncryptingStream CreateEncryptingStream(
        Stream output, IReadOnlyList<IAgeRecipient> recipients, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
            throw new ArgumentException("At least one recipient is required.", nameof(recipients));
        if (recipients.Count > 1 && recipients.Any(r => r.RequiresSoleStanza))
        {
            throw new ArgumentException(
                "A passphrase (scrypt) recipient cannot be combined with others.",
                nameof(recipients));
        }

        var fileKey = AgeKeys.NewFileKey();
        try
        {
            var stanzas = recipients.SelectMany(r => r.Wrap(fileKey)).ToList();
            var header = AgeHeaderWriter.Write(stanzas, fileKey);
            var nonce = RandomNumberGenerator.GetBytes(AgePayload.NonceSize);

            output.Write(header);
            output.Write(nonce);
            return new AgeEncryptingStream(
                output, AgeSealingKeys.PayloadCipher(fileKey, nonce), leaveOpen);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    /// <summary>Seals all of <paramref name="input"/> into <paramref name="output"/>.</summary>
    public static async Task EncryptAsync(
        Stream input,
        IReadOnlyList<IAgeRecipient> recipients,
        Stream output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);

        var sealing = CreateEncryptingStream(output, recipients, leaveOpen: true);
        try
        {
            await input.CopyToAsync(sealing, AgePayload.ChunkSize, cancellationToken);

            // explicit, so a failing input leaves the output truncated rather than "complete"
            await sealing.CompleteAsync(cancellationToken);
        }
        finally
        {
            sealing.Abandon();
            await sealing.DisposeAsync();
        }
    }
}
