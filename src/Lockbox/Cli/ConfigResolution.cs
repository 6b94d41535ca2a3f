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
            Directory.CreateDirectory(trialFolder);
            TrialSetup.EnsureConfig(trialFolder, TrialSetup.FindFreePort());
        }

        return Load(trialConfig, isTrial: true);
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
