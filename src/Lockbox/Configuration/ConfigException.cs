namespace Lockbox.Configuration;

/// <summary>
/// The config file cannot be used. <see cref="Exception.Message"/> is one line an operator can
/// act on: <c>file:line: what is wrong with which key</c>. It never contains a secret.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException()
    {
    }

    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The config file the error is about, when known.</summary>
    public string? FilePath { get; init; }

    /// <summary>The 1-based line the error is about, when it has one.</summary>
    public int? Line { get; init; }
}
