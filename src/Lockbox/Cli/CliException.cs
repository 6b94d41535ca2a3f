namespace Lockbox.Cli;

/// <summary>An error meant for the person at the terminal: one line on stderr and an exit code,
/// never a stack trace.</summary>
public sealed class CliException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Exit codes shared by every command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Wrong passphrase, or the server refused (send-test).</summary>
    public const int Refused = 1;

    /// <summary>Configuration error, or init on a box that already has a key.</summary>
    public const int ConfigError = 2;

    /// <summary>No message with that id.</summary>
    public const int NotFound = 3;

    /// <summary>A stored file (a message or the box key) is damaged: not the passphrase's fault.
    /// </summary>
    public const int Damaged = 4;

    /// <summary>A failure nobody foresaw (EX_SOFTWARE in sysexits.h).</summary>
    public const int Internal = 70;
}
