using Lockbox.Configuration;
using Lockbox.Vault;

namespace Lockbox.Cli;

/// <summary>The configuration a command runs with, and where its box lives.</summary>
public sealed record BoxContext(LockboxOptions Options, VaultLayout Layout)
{
    /// <summary>The trial keeps its generated passphrase here so restarts can still read.</summary>
    public string TrialPassphraseFile => Path.Combine(Layout.Root, "trial-passphrase.txt");
}
