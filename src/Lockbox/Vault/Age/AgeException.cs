namespace Lockbox.Vault.Age;

/// <summary>
/// Base of every failure to read an age file. Messages name the fault, never key material,
/// passphrases or plaintext, so they are safe to log.
/// </summary>
public abstract class AgeException : Exception
{
    protected AgeException(string message)
        : base(message)
    {
    }

    protected AgeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
