namespace Lockbox.Vault.Age;

/// <summary>Someone a file is sealed to: wraps the file key into header stanzas.</summary>
public interface IAgeRecipient
{
    /// <summary>
    /// Wraps the 16-byte <paramref name="fileKey"/> into one or more stanzas. Called once per
    /// file; implementations must use fresh randomness every call.
    /// </summary>
    IReadOnlyList<AgeStanza> Wrap(ReadOnlySpan<byte> fileKey);

    /// <summary>
    /// True when this recipient's stanza must be the only one in the header, as the scrypt
    /// type requires (spec "scrypt recipient stanza").
    /// </summary>
    bool RequiresSoleStanza => false;
}
