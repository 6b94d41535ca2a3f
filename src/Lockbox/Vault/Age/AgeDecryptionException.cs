namespace Lockbox.Vault.Age;

/// <summary>
/// The file is well-formed but cannot be opened or does not authenticate: no identity
/// matched, wrong passphrase, header MAC mismatch, a payload chunk failing authentication,
/// or a payload that ends without its final chunk. Output written before this is thrown is
/// unauthenticated and must be discarded.
/// </summary>
public sealed class AgeDecryptionException : AgeException
{
    public AgeDecryptionException(string message)
        : base(message)
    {
    }

    public AgeDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
