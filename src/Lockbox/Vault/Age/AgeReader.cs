using System.Security.Cryptography;

namespace Lockbox.Vault.Age;

/// <summary>Opens age-encryption.org/v1 files.</summary>
public static class AgeReader
{
    /// <summary>
    /// Reads and authenticates the header of <paramref name="input"/> with
    /// <paramref name="identity"/>, then returns a read-only stream of the plaintext,
    /// decrypted one 64 KiB chunk at a time. The plaintext is complete and authentic only once
    /// a read has returned 0 without throwing.
    /// </summary>
    /// <exception cref="AgeFormatException">The header is malformed.</exception>
    /// <exception cref="AgeDecryptionException">No stanza opens with the identity, or the
    /// header MAC does not match.</exception>
    public static async Task<Stream> OpenAsync(
        Stream input, IAgeIdentity identity, bool leaveOpen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(identity);

        try
        {
            return await OpenPayloadAsync(input, identity, leaveOpen, cancellationToken);
        }
        catch when (!leaveOpen)
        {
            // the caller handed the input over; it must not leak when opening fails
            await input.DisposeAsync();
            throw;
        }
    }

    private static async Task<Stream> OpenPayloadAsync(
        Stream input, IAgeIdentity identity, bool leaveOpen, CancellationToken cancellationToken)
    {
        var header = await AgeHeaderReader.ReadAsync(input, cancellationToken);
        var fileKey = identity.Unwrap(header.Stanzas)
            ?? throw new AgeDecryptionException("No identity matched any recipient stanza.");
        try
        {
            // the MAC proves the stanza we opened belongs to this header, unaltered
            if (!header.IsAuthenticBy(fileKey))
                throw new AgeDecryptionException("The header MAC does not match (altered header).");

            var nonce = new byte[AgePayload.NonceSize];
            try
            {
                await input.ReadExactlyAsync(nonce, cancellationToken);
            }
            catch (EndOfStreamException e)
            {
                throw new AgeDecryptionException("The age file ends before its payload.", e);
            }

            return new AgeDecryptingStream(input, AgePayload.DeriveKey(fileKey, nonce), leaveOpen);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    /// <summary>
    /// Decrypts all of <paramref name="input"/> into <paramref name="output"/>, streaming.
    /// When this throws, whatever was written to <paramref name="output"/> is unauthenticated
    /// and must be discarded.
    /// </summary>
    /// <exception cref="AgeFormatException">The header is malformed.</exception>
    /// <exception cref="AgeDecryptionException">Wrong key or passphrase, or the header or
    /// payload is altered or truncated.</exception>
    public static async Task DecryptAsync(
        Stream input, IAgeIdentity identity, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);

        await using var plaintext = await OpenAsync(
            input, identity, leaveOpen: true, cancellationToken);
        await plaintext.CopyToAsync(output, AgePayload.ChunkSize, cancellationToken);
    }
}
