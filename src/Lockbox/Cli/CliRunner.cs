using System.Net.Sockets;
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
        catch (SocketException exception) when (exception.SocketErrorCode is
            SocketError.AddressAlreadyInUse or SocketError.AddressNotAvailable
            or SocketError.AccessDenied)
        {
            await Console.Error.WriteLineAsync($"lockbox: cannot listen: {exception.Message}");
            return ExitCodes.ConfigError;
        }
#pragma warning disable CA1031 // the last line of defence: one line, never a stack trace
        catch (Exception exception)
#pragma warning restore CA1031
        {
            // the type and message only: no command handles message content in an exception
            await Console.Error.WriteLineAsync(
                $"lockbox: unexpected {exception.GetType().Name}: {exception.Message}");
            return ExitCodes.Internal;
        }
    }
}
