using Lockbox.Configuration;
using Lockbox.Vault;

namespace Lockbox.Cli;

/// <summary>
/// Which configuration a command uses: <c>--config FILE</c>; else <c>./lockbox.toml</c>; else the
/// trial under <c>./lockbox-data</c>, generated on first use.
/// </summary>
public static class ConfigResolution
{
    public const string DefaultConfigFile = "lockbox.toml";
    public const string TrialFolder = "lockbox-data";

    /// <param name="createTrial">True for <c>serve</c>: the trial may be created, and moved to
    /// a free port.</param>
    public static BoxContext Resolve(FileInfo? configFile, bool createTrial)
    {
        if (configFile is not null)
        {
            return Load(configFile.FullName, isTrial: false);
        }

        var local = Path.GetFullPath(DefaultConfigFile);
        if (File.Exists(local))
        {
            return Load(local, isTrial: false);
        }

        var trialFolder = Path.GetFullPath(TrialFolder);
        var trialConfig = Path.Combine(trialFolder, DefaultConfigFile);
        if (!File.Exists(trialConfig) && !createTrial)
        {
            throw new CliException(
                $"no configuration: pass --config FILE, create ./{DefaultConfigFile}, "
                + "or start the trial with 'lockbox serve'", ExitCodes.ConfigError);
        }

        if (!File.Exists(trialConfig))
        {
            PrivateFolder.Create(trialFolder);
            TrialSetup.EnsureConfig(trialFolder, TrialSetup.FindFreePort());
        }

        TrialCertificate.Ensure(trialFolder, TimeProvider.System);
        if (createTrial)
        {
            // only serve moves: for the other commands a busy port is the trial server itself
            MoveTrialOffBusyPort(trialConfig);
        }

        return Load(trialConfig, isTrial: true);
    }

    /// <summary>
    /// The trial promises 2525 or the next free port. When the port it chose earlier is taken
    /// now, it moves on and writes the new port into its own generated config, so that
    /// <c>send-test</c> finds the listener.
    /// </summary>
    private static void MoveTrialOffBusyPort(string trialConfig)
    {
        var text = File.ReadAllText(trialConfig);
        var box = Load(trialConfig, isTrial: true);
        var current = EndpointParser.Parse(box.Options.Smtp.Listen[0]);
        var free = TrialSetup.FindFreePort(current.Port);
        if (free == current.Port)
        {
            return;
        }

        var updated = text.Replace($"\"127.0.0.1:{current.Port}\"", $"\"127.0.0.1:{free}\"",
            StringComparison.Ordinal);
        File.WriteAllText(trialConfig, updated);
    }

    private static BoxContext Load(string path, bool isTrial)
    {
        try
        {
            var options = ConfigLoader.Load(path) with { IsTrial = isTrial };
            return new BoxContext(options, new VaultLayout(options.Storage.Path));
        }
        catch (ConfigException exception)
        {
            throw new CliException(exception.Message, ExitCodes.ConfigError);
        }
    }
}
