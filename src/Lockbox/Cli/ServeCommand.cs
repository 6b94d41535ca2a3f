using System.CommandLine;
using Lockbox.Hosting;
using Lockbox.Vault;

namespace Lockbox.Cli;

/// <summary><c>lockbox serve</c>: listens until SIGINT or SIGTERM, then stops cleanly.</summary>
public static class ServeCommand
{
    public static Command Create(Option<FileInfo?> configOption)
    {
        var command = new Command("serve", "Receive mail for the recovery addresses");
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(async () =>
        {
            using var signal = new ShutdownSignal();
            var box = ConfigResolution.Resolve(parse.GetValue(configOption), createTrial: true);
            if (box.Options.IsTrial)
            {
                await EnsureTrialKeysAsync(box, cancellationToken);
            }
            else if (!new BoxKeys(box.Layout).Exist)
            {
                throw new CliException(
                    $"no box key in {box.Layout.Root}: run 'lockbox init' first",
                    ExitCodes.ConfigError);
            }

            using var loggers = Logging.Create();
            var server = new LockboxServer(box, loggers, TimeProvider.System);
            await server.RunAsync(Console.Out, signal.Signalled, cancellationToken);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The trial makes its own key, with a passphrase kept beside the trial data so
    /// that restarts can still read; a real box never stores its passphrase.</summary>
    private static async Task EnsureTrialKeysAsync(
        BoxContext box, CancellationToken cancellationToken)
    {
        if (new BoxKeys(box.Layout).Exist)
        {
            return;
        }

        var passphrase = PassphraseGenerator.Generate();
        await File.WriteAllTextAsync(box.TrialPassphraseFile, passphrase + "\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(box.TrialPassphraseFile,
                UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await InitCommand.CreateKeysAsync(box, passphrase, BoxKeys.DefaultWorkFactor,
            Console.Out, cancellationToken);
    }
}
