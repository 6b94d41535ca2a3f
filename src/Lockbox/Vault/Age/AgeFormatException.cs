namespace Lockbox.Vault.Age;

/// <summary>
/// The file is not a well-formed age-encryption.org/v1 header: bad version line, stanza,
/// base64, or MAC line. Nothing was decrypted.
/// </summary>
public sealed class AgeFormatException : AgeException
{
    public AgeFormatException(string message)
        : base(message)
    {
    }

    public AgeFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
