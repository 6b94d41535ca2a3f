using System.Buffers.Binary;
using NSec.Cryptography;

namespace Lockbox.Vault.Age;

/// <summary>
/// The STREAM payload of spec "Payload": a 16-byte nonce, then 64 KiB chunks sealed with
/// ChaCha20-Poly1305 under HKDF(file key, salt = nonce, "payload"). The chunk nonce is an
/// 11-byte big-endian counter and a last-chunk flag byte.
/// </summary>
internal static class AgePayload
{
    public const int NonceSize = 16;

    public const int ChunkSize = 64 * 1024;

    public const int TagSize = 16;

    public const int SealedChunkSize = ChunkSize + TagSize;

    public static readonly AeadAlgorithm Aead = AeadAlgorithm.ChaCha20Poly1305;

    public static Key DeriveKey(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> nonce) =>
        AgeKeys.DeriveAeadKey(fileKey, nonce, "payload");

    /// <summary>Writes the 12-byte chunk nonce for chunk <paramref name="counter"/>.</summary>
    public static void ChunkNonce(ulong counter, bool last, Span<byte> nonce)
    {
        // the counter is 11 bytes; a ulong fills the low 8 and can never wrap in practice
        nonce[..3].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[3..11], counter);
        nonce[11] = last ? (byte)1 : (byte)0;
    }
}
