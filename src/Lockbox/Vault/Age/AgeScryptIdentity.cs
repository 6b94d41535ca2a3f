using System.Security.Cryptography;

namespace Lockbox.Vault.Age;

/// <summary>
/// Opens a passphrase-sealed file (spec "The scrypt recipient type"), as <c>age -d</c>
/// does when asked for a passphrase.
/// </summary>
public sealed class AgeScryptIdentity : IAgeIdentity
{
    private readonly string passphrase;

    private readonly int maxWorkFactor;

    /// <param name="passphrase">Non-empty; encoded as UTF-8.</param>
    /// <param name="maxWorkFactor">Highest logN accepted. A file may name any work factor,
    /// so this bounds the time and memory an untrusted file can make us spend; 22 (age's
    /// limit) means up to 4 GiB.</param>
    public AgeScryptIdentity(string passphrase, int maxWorkFactor = 22)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWorkFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxWorkFactor, AgeScrypt.MaxLogN);

        this.passphrase = passphrase;
        this.maxWorkFactor = maxWorkFactor;
    }

    /// <exception cref="AgeFormatException">The scrypt stanza is malformed or not alone.
    /// </exception>
    /// <exception cref="AgeDecryptionException">The passphrase is wrong, or the work factor
    /// exceeds the maximum.</exception>
    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas)
    {
        ArgumentNullException.ThrowIfNull(stanzas);

        var stanza = stanzas.FirstOrDefault(s => s.Type == AgeScrypt.StanzaType);
        if (stanza is null)
            return null;

        // a passphrase file must not be openable by anyone else (spec: MUST reject mixing)
        if (stanzas.Count != 1)
            throw new AgeFormatException("An scrypt stanza is not the only stanza.");

        var salt = stanza.Arguments.Count == 2
            ? AgeBase64.TryDecode(stanza.Arguments[0], AgeScrypt.SaltSize)
            : null;
        var logN = stanza.Arguments.Count == 2 ? AgeScrypt.ParseLogN(stanza.Arguments[1]) : null;
        if (salt is null || logN is null)
            throw new AgeFormatException("The scrypt stanza has malformed arguments.");
        if (stanza.Body.Length != AgeKeys.WrappedKeySize)
            throw new AgeFormatException("The scrypt stanza body is not 32 bytes.");
        if (logN > maxWorkFactor)
        {
            throw new AgeDecryptionException(
                $"The scrypt work factor {logN} exceeds the allowed maximum {maxWorkFactor}.");
        }

        var wrapKeyBytes = AgeScrypt.DeriveWrapKey(passphrase, salt, logN.Value);
        try
        {
            using var wrapKey = AgeKeys.ImportWrapKey(wrapKeyBytes);
            return AgeKeys.UnwrapFileKey(wrapKey, stanza.Body.Span)
                ?? throw new AgeDecryptionException("Wrong passphrase.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrapKeyBytes);
        }
    }

    public override string ToString() => "scrypt passphrase identity";
}
