using System.CommandLine;
using Lockbox.Vault;

namespace Lockbox.Cli;

/// <summary><c>lockbox init</c>: creates the box's key pair; never writes the config.</summary>
public static class InitCommand
{
    public static Command Create(Option<FileInfo?> configOption)
    {
        var workFactor = new Option<int>("--work-factor")
        {
            Description = "scrypt cost of the passphrase as log2(N), 10–22; age's default is 18. "
                          + "Lower it only for tests.",
            DefaultValueFactory = _ => BoxKeys.DefaultWorkFactor,
        };
        var command = new Command("init", "Create the box's key pair under storage.path")
        {
            workFactor,
        };
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(async () =>
        {
            var box = ConfigResolution.Resolve(parse.GetValue(configOption), createTrial: false);
            var factor = parse.GetValue(workFactor);
            if (factor is < 10 or > 22)
            {
                throw new CliException("--work-factor must be between 10 and 22",
                    ExitCodes.ConfigError);
            }

            await CreateKeysAsync(box, PassphraseSource.FromEnvironment(), factor, Console.Out,
                cancellationToken);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Creates the keys; a passphrase that was generated is printed here, once.</summary>
    public static async Task<string> CreateKeysAsync(
        BoxContext box, string? passphrase, int workFactor, TextWriter output,
        CancellationToken cancellationToken)
    {
        var keys = new BoxKeys(box.Layout);
        if (keys.Exist)
        {
            throw new CliException(
                $"{box.Layout.KeyFile}: a box key already exists; refusing to replace it",
                ExitCodes.ConfigError);
        }

        var generated = passphrase is null;
        passphrase ??= PassphraseGenerator.Generate();
        var recipient = await keys.CreateAsync(passphrase, workFactor, cancellationToken);

        await output.WriteLineAsync($"created the box key in {box.Layout.Root}");
        await output.WriteLineAsync($"public key: {recipient}");
        if (generated && !box.Options.IsTrial)
        {
            await output.WriteLineAsync($"passphrase: {passphrase}");
            await output.WriteLineAsync(
                "Write the passphrase on paper now. It is stored nowhere and shown only once.");
        }

        return passphrase;
    }
}
