using Lockbox.Alerts;

namespace Lockbox.Vault;

/// <summary>
/// The vault's clear index and alert queue behind one interface, so that a PostgreSQL store can
/// follow SQLite without touching receiving or alerting.
/// </summary>
public interface IVaultIndex : IAlertQueue, IAsyncDisposable
{
    /// <summary>Records a message and its pending deliveries as <paramref name="plan"/> says
    /// (its own alert per route, or a share of a flood digest, or none) in one durable step:
    /// when this returns, a crash loses neither.</summary>
    Task AddAsync(StoredMessage message, AlertPlan plan, CancellationToken cancellationToken);

    /// <summary>Records one read attempt and queues one alert of it per channel in
    /// <paramref name="channels"/>, in one durable step: when this returns, a crash loses
    /// neither.</summary>
    Task RecordReadAsync(
        ReadAttempt read, IReadOnlyList<string> channels, CancellationToken cancellationToken);

    /// <summary>All messages, oldest first.</summary>
    Task<IReadOnlyList<StoredMessage>> ListAsync(CancellationToken cancellationToken);

    Task<StoredMessage?> FindAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Every delivery, oldest first, for <c>lockbox alerts</c>.</summary>
    Task<IReadOnlyList<DeliveryStatus>> ListDeliveriesAsync(CancellationToken cancellationToken);

    /// <summary>Messages kept without any alert (e.g. bounces of alerts), oldest first.</summary>
    Task<IReadOnlyList<QuietMessage>> ListQuietAsync(CancellationToken cancellationToken);
}

/// <summary>Ways to add a message that predate per-address routing.</summary>
public static class VaultIndexExtensions
{
    /// <summary>One pending delivery per channel, each serving every recipient, no flood
    /// limit.</summary>
    public static Task AddAsync(
        this IVaultIndex index,
        StoredMessage message,
        IReadOnlyList<string> channels,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(message);

        return index.AddAsync(
            message, AlertPlan.Everyone(channels, message.Recipients), cancellationToken);
    }
}
