using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lockbox.Vault.Age;

/// <summary>
/// The box's key file: an X25519 identity in <c>age-keygen</c>'s text form, sealed to a
/// passphrase exactly as <c>age -p</c> would, so the stock <c>age -d</c> can open it (and
/// <c>age -d -i keyfile</c> can use it) if Lockbox is gone.
/// </summary>
public static class AgeKeyFile
{
    private const int MaxKeyFileSize = 64 * 1024;

    /// <summary>
    /// Writes <c># created: &lt;ISO 8601 UTC&gt;</c>, <c># public key: age1…</c> and the
    /// <c>AGE-SECRET-KEY-1…</c> line, sealed with an scrypt recipient of
    /// <paramref name="workFactor"/>, to <paramref name="output"/>.
    /// </summary>
    public static async Task SealIdentityAsync(
        AgeX25519Identity identity,
        string passphrase,
        Stream output,
        int workFactor = 18,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);

        var created = (timeProvider ?? TimeProvider.System).GetUtcNow()
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var text = Encoding.ASCII.GetBytes(
            $"# created: {created}\n# public key: {identity.Recipient}\n"
                + $"{identity.ExportSecretKey()}\n");
        try
        {
            var recipient = new AgeScryptRecipient(passphrase, workFactor);
            using var plaintext = new MemoryStream(text, writable: false);
            await AgeWriter.EncryptAsync(plaintext, [recipient], output, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(text);
        }
    }

    /// <summary>
    /// Opens a key file sealed with <paramref name="passphrase"/> (by
    /// <see cref="SealIdentityAsync"/> or by <c>age -p</c> over an <c>age-keygen</c> file)
    /// and parses its single identity; comment and blank lines are skipped.
    /// </summary>
    /// <exception cref="AgeDecryptionException">Wrong passphrase, or the file is altered.
    /// </exception>
    /// <exception cref="AgeFormatException">The file or its contents are malformed.</exception>
    public static async Task<AgeX25519Identity> OpenIdentityAsync(
        Stream input, string passphrase, CancellationToken cancellationToken = default)
    {
        var identity = new AgeScryptIdentity(passphrase);
        await using var plaintext = await AgeReader.OpenAsync(
            input, identity, leaveOpen: true, cancellationToken);

        // a key file is tiny: read it bounded, and wipe it after parsing
        var buffer = new byte[MaxKeyFileSize + 1];
        var length = 0;
        try
        {
            while (true)
            {
                var read = await ReadPayloadAsync(plaintext, buffer.AsMemory(length),
                    cancellationToken);
                if (read == 0)
                    break;

                length += read;
                if (length > MaxKeyFileSize)
                    throw new AgeFormatException("The key file is larger than 64 KiB.");
            }

            return ParseSingleIdentity(Encoding.ASCII.GetString(buffer, 0, length));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private static async Task<int> ReadPayloadAsync(
        Stream plaintext, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await plaintext.ReadAsync(buffer, cancellationToken);
        }
        catch (AgeDecryptionException e)
        {
            // the header MAC already proved the passphrase right: a payload that fails to
            // decrypt is a damaged file, not a wrong passphrase
            throw new AgeFormatException("The key file's sealed payload is damaged.", e);
        }
    }

    private static AgeX25519Identity ParseSingleIdentity(string text)
    {
        var keys = text.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
        if (keys.Count != 1)
            throw new AgeFormatException("The key file does not hold exactly one identity.");

        try
        {
            return AgeX25519Identity.Parse(keys[0]);
        }
        catch (FormatException e)
        {
            throw new AgeFormatException("The key file does not hold an X25519 identity.", e);
        }
    }
}
