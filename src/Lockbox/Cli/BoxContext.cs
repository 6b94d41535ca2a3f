using Lockbox.Configuration;
using Lockbox.Vault;
using Lockbox.Vault.Sqlite;

namespace Lockbox.Cli;

/// <summary>The configuration a command runs with, and where its box lives.</summary>
public sealed record BoxContext(LockboxOptions Options, VaultLayout Layout)
{
    /// <summary>The trial keeps its generated passphrase here so restarts can still read.</summary>
    public string TrialPassphraseFile => Path.Combine(Layout.Root, "trial-passphrase.txt");

    /// <summary>The index for a reading command; null when the box has never stored anything,
    /// so that looking creates no database.</summary>
    public async Task<SqliteVaultIndex?> OpenIndexIfPresentAsync(
        CancellationToken cancellationToken) =>
        File.Exists(Layout.IndexDatabase)
            ? await SqliteVaultIndex.OpenAsync(Layout.IndexDatabase, cancellationToken)
            : null;
}
