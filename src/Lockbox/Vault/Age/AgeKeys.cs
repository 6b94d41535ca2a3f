using NSec.Cryptography;

namespace Lockbox.Vault.Age;

/// <summary>
/// The symmetric steps shared by all of age: file key generation, HKDF-SHA-256 derivations
/// and the ChaCha20-Poly1305 key wrap with a zero nonce (spec "File key", "Header MAC",
/// "Payload", and the native recipient types).
/// </summary>
internal static class AgeKeys
{
    public const int FileKeySize = 16;

    public const int WrappedKeySize = FileKeySize + 16;

    private static readonly AeadAlgorithm Aead = AeadAlgorithm.ChaCha20Poly1305;

    public static byte[] NewFileKey() =>
        System.Security.Cryptography.RandomNumberGenerator.GetBytes(FileKeySize);

    /// <summary>HKDF-SHA-256 of the file key into a ChaCha20-Poly1305 key.</summary>
    public static Key DeriveAeadKey(
        ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> salt, string info)
    {
        var bytes = KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(
            fileKey, salt, System.Text.Encoding.ASCII.GetBytes(info), 32);
        try
        {
            return Key.Import(Aead, bytes, KeyBlobFormat.RawSymmetricKey);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The header's HMAC-SHA-256 key: HKDF(file key, empty salt, "header").</summary>
    public static Key DeriveHeaderMacKey(ReadOnlySpan<byte> fileKey)
    {
        var bytes = KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(
            fileKey, ReadOnlySpan<byte>.Empty, "header"u8, 32);
        try
        {
            return Key.Import(MacAlgorithm.HmacSha256, bytes, KeyBlobFormat.RawSymmetricKey);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public static Key ImportWrapKey(ReadOnlySpan<byte> wrapKey) =>
        Key.Import(Aead, wrapKey, KeyBlobFormat.RawSymmetricKey);

    public static byte[] WrapFileKey(Key wrapKey, ReadOnlySpan<byte> fileKey) =>
        Aead.Encrypt(wrapKey, stackalloc byte[12], ReadOnlySpan<byte>.Empty, fileKey);

    /// <summary>Opens a wrapped file key, or returns null when it does not authenticate.</summary>
    public static byte[]? UnwrapFileKey(Key wrapKey, ReadOnlySpan<byte> body)
    {
        // the caller checked the length first, as the spec asks against partitioning oracles
        var fileKey = new byte[FileKeySize];
        var opened = Aead.Decrypt(
            wrapKey, stackalloc byte[12], ReadOnlySpan<byte>.Empty, body, fileKey);
        return opened ? fileKey : null;
    }
}
