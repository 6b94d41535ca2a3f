namespace Lockbox.Alerts;

/// <summary>The durable side of alerting; the vault's store implements it.</summary>
public interface IAlertQueue
{
    /// <summary>Deliveries whose next attempt is due at <paramref name="now"/>, oldest first;
    /// with <paramref name="ignoreSchedule"/>, every pending delivery whatever its next attempt.
    /// A flood digest is never due before its window ends: it must count the whole window.
    /// </summary>
    Task<IReadOnlyList<PendingAlert>> GetDueAsync(
        DateTimeOffset now, int limit, bool ignoreSchedule, CancellationToken cancellationToken);

    /// <summary>The earliest next attempt among pending deliveries, or null when none.</summary>
    Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken);

    Task MarkSentAsync(long deliveryId, DateTimeOffset sentAt, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt; <paramref name="nextAttemptAt"/> null means given
    /// up.</summary>
    Task MarkFailedAsync(
        long deliveryId,
        string error,
        DateTimeOffset? nextAttemptAt,
        CancellationToken cancellationToken);
}
