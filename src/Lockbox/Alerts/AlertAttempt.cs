using Microsoft.Extensions.Logging;
using Polly;

namespace Lockbox.Alerts;

/// <summary>
/// One attempt at one delivery: send through the channel within
/// <see cref="AlertDispatcher.AttemptTimeout"/>, then record the outcome in the queue (sent, or
/// failed with its next attempt, or given up) and log it by ids and error class only.
/// </summary>
internal sealed class AlertAttempt
{
    private readonly IAlertQueue _queue;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RetrySchedule _schedule;
    private readonly ResiliencePipeline _timeout;

    public AlertAttempt(
        IAlertQueue queue, TimeProvider time, ILogger logger, RetrySchedule schedule)
    {
        _queue = queue;
        _time = time;
        _logger = logger;
        _schedule = schedule;
        _timeout = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(AlertDispatcher.AttemptTimeout)
            .Build();
    }

    /// <summary>Never throws but for cancellation: a failure to record is logged, and the
    /// delivery, still due, is tried again. Returns true when the channel delivered it.</summary>
    public async Task<bool> RunAsync(
        IAlertChannel channel, PendingAlert alert, CancellationToken cancellationToken)
    {
        string? error = null;
        try
        {
            await _timeout.ExecuteAsync(
                async token => await channel.SendAsync(alert, token), cancellationToken);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            error = AlertErrorClass.Of(failure);
        }

        try
        {
            await RecordAsync(alert, alert.Attempts + 1, error, cancellationToken);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            AlertLog.QueueFailed(_logger, AlertErrorClass.Of(failure));
        }

        return error is null;
    }

    private async Task RecordAsync(
        PendingAlert alert, int attempt, string? error, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var (id, messageId, channel) = (alert.DeliveryId, alert.MessageId, alert.Channel);
        if (error is null)
        {
            await _queue.MarkSentAsync(id, now, cancellationToken);
            AlertLog.Sent(_logger, id, messageId, channel, attempt);
            return;
        }

        var next = _schedule.NextAttempt(attempt, alert.FirstQueuedAt, now);
        await _queue.MarkFailedAsync(id, error, next, cancellationToken);
        if (next is { } at)
            AlertLog.Failed(_logger, id, messageId, channel, attempt, error, at);
        else
            AlertLog.GaveUp(_logger, id, messageId, channel, attempt, error);
    }
}
