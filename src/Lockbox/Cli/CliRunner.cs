using Lockbox.Vault.Age;

namespace Lockbox.Cli;

/// <summary>Runs a command body and turns every expected failure into one line on stderr.</summary>
public static class CliRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (CliException exception)
        {
            await Console.Error.WriteLineAsync("lockbox: " + exception.Message);
            return exception.ExitCode;
        }
        catch (AgeDecryptionException)
        {
            await Console.Error.WriteLineAsync("lockbox: wrong passphrase");
            return ExitCodes.Refused;
        }
        catch (IOException exception)
        {
            await Console.Error.WriteLineAsync("lockbox: " + exception.Message);
            return ExitCodes.ConfigError;
        }
        catch (UnauthorizedAccessException exception)
        {
            await Console.Error.WriteLineAsync("lockbox: " + exception.Message);
            return ExitCodes.ConfigError;
        }
    }
}
