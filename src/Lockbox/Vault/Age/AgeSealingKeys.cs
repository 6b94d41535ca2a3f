using System.Security.Cryptography;

namespace Lockbox.Vault.Age;

/// <summary>
/// The symmetric steps of sealing (wrap, header MAC, payload key) on the platform's
/// HKDF, HMAC and ChaCha20-Poly1305, with the derived keys in ordinary arrays zeroed after use.
/// </summary>
/// <remarks>
/// Sealing runs once per received message. NSec keeps every key in libsodium's guarded memory,
/// and each such key costs an mmap, mprotect and munmap (with a TLB flush on every core): more
/// than the cryptography itself. Opening keeps NSec: it runs once per read, by a person.
/// </remarks>
internal static class AgeSealingKeys
{
    private const int KeySize = 32;

    /// <summary>ChaCha20-Poly1305 with the all-zero nonce, as the native recipient types wrap
    /// the file key: ciphertext then tag.</summary>
    public static byte[] WrapFileKey(ReadOnlySpan<byte> wrapKey, ReadOnlySpan<byte> fileKey)
    {
        var body = new byte[AgeKeys.WrappedKeySize];
        using var aead = new ChaCha20Poly1305(wrapKey);
        aead.Encrypt(stackalloc byte[12], fileKey,
            body.AsSpan(0, fileKey.Length), body.AsSpan(fileKey.Length));
        return body;
    }

    /// <summary>HMAC-SHA-256 of the header under HKDF(file key, empty salt, "header").</summary>
    public static byte[] HeaderMac(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> macInput)
    {
        Span<byte> key = stackalloc byte[KeySize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, key, ReadOnlySpan<byte>.Empty,
            "header"u8);
        try
        {
            return HMACSHA256.HashData(key, macInput);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The payload cipher under HKDF(file key, salt = nonce, "payload").</summary>
    public static ChaCha20Poly1305 PayloadCipher(
        ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> nonce)
    {
        Span<byte> key = stackalloc byte[KeySize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, key, nonce, "payload"u8);
        try
        {
            return new ChaCha20Poly1305(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
