using System.CommandLine;
using Lockbox.Vault;

namespace Lockbox.Cli;

/// <summary><c>lockbox init</c>: creates the box's key pair; never writes the config.</summary>
public static class InitCommand
{
    /// <summary>The shortest passphrase <c>init</c> takes from LOCKBOX_PASSPHRASE.</summary>
    public const int MinimumPassphraseLength = 16;

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

            var chosen = PassphraseSource.FromEnvironment();
            if (chosen is not null && chosen.Length < MinimumPassphraseLength)
            {
                // box.key.age may be copied off the box: a short passphrase falls to a guess
                throw new CliException(
                    $"LOCKBOX_PASSPHRASE is shorter than {MinimumPassphraseLength} characters; "
                    + "choose a longer one, or unset it to get a generated one",
                    ExitCodes.ConfigError);
            }

            await CreateKeysAsync(box, chosen, factor, Console.Out, cancellationToken);
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
