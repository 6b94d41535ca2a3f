using NSec.Cryptography;

namespace Lockbox.Vault.Age;

/// <summary>
/// An X25519 private key, <c>AGE-SECRET-KEY-1…</c> (spec "The X25519 recipient type").
/// Holds the key in NSec's protected memory; dispose it when done.
/// </summary>
public sealed class AgeX25519Identity : IAgeIdentity, IDisposable
{
    internal const string Hrp = "age-secret-key-";

    private static readonly KeyAgreementAlgorithm Algorithm = KeyAgreementAlgorithm.X25519;

    private readonly Key key;

    private AgeX25519Identity(Key key)
    {
        this.key = key;
        Recipient = new AgeX25519Recipient(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The public half: whoever has it can seal files this identity opens.</summary>
    public AgeX25519Recipient Recipient { get; }

    /// <summary>Creates a new identity from the system CSPRNG.</summary>
    public static AgeX25519Identity Generate() => new(Key.Create(Algorithm, Exportable));

    /// <summary>Parses an uppercase Bech32 <c>AGE-SECRET-KEY-1…</c> string.</summary>
    /// <exception cref="FormatException">Not a valid X25519 age identity; the message never
    /// repeats the input.</exception>
    public static AgeX25519Identity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var decoded = Bech32.TryDecode(text);
        if (decoded is not { Hrp: Hrp, UpperCase: true, Data.Length: 32 } valid)
            throw new FormatException("Not an age X25519 identity (AGE-SECRET-KEY-1…).");

        try
        {
            return new AgeX25519Identity(
                Key.Import(Algorithm, valid.Data, KeyBlobFormat.RawPrivateKey, Exportable));
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(valid.Data);
        }
    }

    private static KeyCreationParameters Exportable =>
        new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas)
    {
        ArgumentNullException.ThrowIfNull(stanzas);

        var recipient = Recipient.PublicKeyBytes;
        foreach (var stanza in stanzas.Where(s => s.Type == AgeX25519Recipient.StanzaType))
        {
            // spec: reject, not skip, malformed stanzas of our own type
            var share = stanza.Arguments.Count == 1
                ? AgeBase64.TryDecode(stanza.Arguments[0], 32)
                : null;
            if (share is null)
                throw new AgeFormatException("An X25519 stanza has malformed arguments.");
            if (stanza.Body.Length != AgeKeys.WrappedKeySize)
                throw new AgeFormatException("An X25519 stanza body is not 32 bytes.");

            var sharePublic = PublicKey.Import(Algorithm, share, KeyBlobFormat.RawPublicKey);
            using var shared = Algorithm.Agree(key, sharePublic)
                ?? throw new AgeFormatException("An X25519 stanza has a low-order share.");

            using var wrapKey = AgeX25519Recipient.DeriveWrapKey(shared, share, recipient);
            var fileKey = AgeKeys.UnwrapFileKey(wrapKey, stanza.Body.Span);
            if (fileKey is not null)
                return fileKey;
        }

        return null;
    }

    /// <summary>The public key only: a stray log line must never carry the secret.</summary>
    public override string ToString() => Recipient.ToString();

    /// <summary>
    /// The <c>AGE-SECRET-KEY-1…</c> string, as <c>age-keygen</c> writes it. This is the
    /// secret: never log it or put it in an exception message.
    /// </summary>
    public string ExportSecretKey()
    {
        var raw = key.Export(KeyBlobFormat.RawPrivateKey);
        try
        {
            return Bech32.Encode(Hrp, raw, upperCase: true);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(raw);
        }
    }

    public void Dispose() => key.Dispose();
}
