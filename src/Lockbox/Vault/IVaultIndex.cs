using Lockbox.Alerts;

namespace Lockbox.Vault;

/// <summary>
/// The vault's clear index and alert queue behind one interface, so that a PostgreSQL store can
/// follow SQLite without touching receiving or alerting.
/// </summary>
public interface IVaultIndex : IAlertQueue, IAsyncDisposable
{
    /// <summary>Records a message and one pending delivery per channel in one durable step:
    /// when this returns, a crash loses neither.</summary>
    Task AddAsync(
        StoredMessage message, IReadOnlyList<string> channels, CancellationToken cancellationToken);

    /// <summary>All messages, oldest first.</summary>
    Task<IReadOnlyList<StoredMessage>> ListAsync(CancellationToken cancellationToken);

    Task<StoredMessage?> FindAsync(string messageId, CancellationToken cancellationToken);
}
