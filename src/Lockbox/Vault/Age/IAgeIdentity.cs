namespace Lockbox.Vault.Age;

/// <summary>Something that can open a file: unwraps the file key from header stanzas.</summary>
public interface IAgeIdentity
{
    /// <summary>
    /// Returns the 16-byte file key from the first stanza this identity opens, or null when
    /// none opens. Ignores stanzas of other types; throws <see cref="AgeFormatException"/>
    /// for a malformed stanza of its own type, and may throw
    /// <see cref="AgeDecryptionException"/> to say why it failed (e.g. wrong passphrase).
    /// The key is not yet authenticated: the caller checks the header MAC with it.
    /// </summary>
    byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas);
}
