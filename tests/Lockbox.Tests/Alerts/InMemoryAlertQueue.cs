using System.Threading.Channels;
using Lockbox.Alerts;
using Lockbox.Vault;

namespace Lockbox.Tests.Alerts;

/// <summary>What the dispatcher recorded about one attempt.</summary>
internal sealed record QueueEvent(
    long DeliveryId, bool Sent, string? Error, DateTimeOffset? NextAttemptAt, DateTimeOffset At);

/// <summary>An <see cref="IAlertQueue"/> in memory, recording every Mark call as an event.
/// </summary>
internal sealed class InMemoryAlertQueue : IAlertQueue
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, (PendingAlert Alert, DateTimeOffset NextAt)> _pending = [];
    private readonly Channel<QueueEvent> _events = Channel.CreateUnbounded<QueueEvent>();
    private readonly TaskCompletionSource _idle =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes the first time the dispatcher asks when to wake (it is idle).</summary>
    public Task Idle => _idle.Task;

    public void Add(
        long id,
        string channel,
        StoredMessage message,
        DateTimeOffset queuedAt,
        DateTimeOffset? nextAt = null,
        int attempts = 0)
    {
        lock (_gate)
            _pending[id] = (new PendingAlert(id, channel, message, attempts, queuedAt),
                nextAt ?? queuedAt);
    }

    /// <summary>The next Mark call; ten seconds bound a broken test, not a pause.</summary>
    public async Task<QueueEvent> NextEventAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _events.Reader.ReadAsync(limit.Token);
    }

    public bool HasEvent => _events.Reader.Count > 0;

    public Task<IReadOnlyList<PendingAlert>> GetDueAsync(
        DateTimeOffset now, int limit, bool ignoreSchedule, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<PendingAlert> due = [.. _pending.Values
                .Where(row => ignoreSchedule || row.NextAt <= now)
                .OrderBy(row => row.NextAt).ThenBy(row => row.Alert.DeliveryId)
                .Take(limit)
                .Select(row => row.Alert)];
            return Task.FromResult(due);
        }
    }

    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken)
    {
        _idle.TrySetResult();
        lock (_gate)
        {
            DateTimeOffset? next =
                _pending.Count == 0 ? null : _pending.Values.Min(r => r.NextAt);
            return Task.FromResult(next);
        }
    }

    public Task MarkSentAsync(long deliveryId, DateTimeOffset sentAt, CancellationToken token)
    {
        lock (_gate)
            _pending.Remove(deliveryId);

        _events.Writer.TryWrite(new QueueEvent(deliveryId, true, null, null, sentAt));
        return Task.CompletedTask;
    }

    public Task MarkFailedAsync(
        long deliveryId,
        string error,
        DateTimeOffset? nextAttemptAt,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var (alert, _) = _pending[deliveryId];
            if (nextAttemptAt is { } next)
                _pending[deliveryId] = (alert with { Attempts = alert.Attempts + 1 }, next);
            else
                _pending.Remove(deliveryId);
        }

        // the failure time is not known here; At holds the next attempt's or MinValue
        _events.Writer.TryWrite(new QueueEvent(
            deliveryId, false, error, nextAttemptAt, nextAttemptAt ?? DateTimeOffset.MinValue));
        return Task.CompletedTask;
    }
}
