using NSec.Cryptography;

namespace Lockbox.Vault.Age;

/// <summary>
/// An X25519 public key, <c>age1…</c> (spec "The X25519 recipient type"). Each wrap uses a
/// fresh ephemeral key, so stanzas reveal nothing about the recipient.
/// </summary>
public sealed class AgeX25519Recipient : IAgeRecipient, IEquatable<AgeX25519Recipient>
{
    internal const string Hrp = "age";

    internal const string StanzaType = "X25519";

    internal static readonly byte[] Info = "age-encryption.org/v1/X25519"u8.ToArray();

    private readonly byte[] publicKey;

    internal AgeX25519Recipient(ReadOnlySpan<byte> publicKey) =>
        this.publicKey = publicKey.ToArray();

    internal ReadOnlySpan<byte> PublicKeyBytes => publicKey;

    /// <summary>Parses a lowercase Bech32 <c>age1…</c> recipient.</summary>
    /// <exception cref="FormatException">Not a valid X25519 age recipient.</exception>
    public static AgeX25519Recipient Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var decoded = Bech32.TryDecode(text);
        if (decoded is not { Hrp: Hrp, UpperCase: false, Data.Length: 32 } valid)
            throw new FormatException("Not an age X25519 recipient (age1…).");

        return new AgeX25519Recipient(valid.Data);
    }

    public IReadOnlyList<AgeStanza> Wrap(ReadOnlySpan<byte> fileKey)
    {
        var algorithm = KeyAgreementAlgorithm.X25519;
        using var ephemeral = Key.Create(algorithm);
        var share = ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var recipientKey = PublicKey.Import(algorithm, publicKey, KeyBlobFormat.RawPublicKey);

        // NSec returns no secret when the result is all zeros (a low-order recipient key)
        using var shared = algorithm.Agree(ephemeral, recipientKey)
            ?? throw new InvalidOperationException("The X25519 recipient key is of low order.");

        var wrapKey = KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(
            shared, Salt(share, publicKey), Info, 32);
        try
        {
            var body = AgeSealingKeys.WrapFileKey(wrapKey, fileKey);
            return [new AgeStanza(StanzaType, [AgeBase64.Encode(share)], body)];
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(wrapKey);
        }
    }

    /// <summary>wrap key = HKDF-SHA-256(shared secret, salt = share || recipient, info).</summary>
    internal static Key DeriveWrapKey(
        SharedSecret shared, ReadOnlySpan<byte> share, ReadOnlySpan<byte> recipient)
    {
        return KeyDerivationAlgorithm.HkdfSha256.DeriveKey(
            shared, Salt(share, recipient), Info, AeadAlgorithm.ChaCha20Poly1305);
    }

    private static byte[] Salt(ReadOnlySpan<byte> share, ReadOnlySpan<byte> recipient)
    {
        var salt = new byte[share.Length + recipient.Length];
        share.CopyTo(salt);
        recipient.CopyTo(salt.AsSpan(share.Length));
        return salt;
    }

    /// <summary>The <c>age1…</c> string; public, safe to log.</summary>
    public override string ToString() => Bech32.Encode(Hrp, publicKey, upperCase: false);

    public bool Equals(AgeX25519Recipient? other) =>
        other is not null && publicKey.AsSpan().SequenceEqual(other.publicKey);

    public override bool Equals(object? obj) => Equals(obj as AgeX25519Recipient);

    public override int GetHashCode() => BitConverter.ToInt32(publicKey, 0);
}
