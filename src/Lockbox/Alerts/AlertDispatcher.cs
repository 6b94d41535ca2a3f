using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;

namespace Lockbox.Alerts;

/// <summary>
/// Sends what the durable <see cref="IAlertQueue"/> holds. It wakes on <see cref="Notify"/>
/// (a message was stored), when the next retry falls due, or when a delivery finishes. Every
/// channel has its own lane, so one failing or hanging channel never delays another; each
/// attempt is cut off after <see cref="AttemptTimeout"/>. A failure is recorded with its next
/// attempt from the <see cref="RetrySchedule"/>; after 48 hours it is given up.
/// </summary>
/// <remarks>
/// At start-up every pending delivery is tried at once, whatever its schedule said: a restart
/// usually follows a fix (a new smarthost password), and the owner should not wait for the
/// backoff. A delivery is never handed to a lane twice while in flight, so duplicates arise only
/// when the box stops between a send and its <see cref="IAlertQueue.MarkSentAsync"/>.
/// </remarks>
public sealed class AlertDispatcher
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

    internal const int BatchSize = 100;

    // a bound on one sleep, so a bogus far-future due time cannot stall the loop
    private static readonly TimeSpan MaxSleep = TimeSpan.FromHours(1);
    private static readonly TimeSpan QueueRetryDelay = TimeSpan.FromSeconds(5);

    private readonly IAlertQueue _queue;
    private readonly Dictionary<string, AlertLane> _lanes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RetrySchedule _schedule;
    private readonly ResiliencePipeline _timeout;
    private readonly ConcurrentDictionary<long, byte> _inFlight = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public AlertDispatcher(
        IAlertQueue queue,
        IEnumerable<IAlertChannel> channels,
        TimeProvider time,
        ILogger<AlertDispatcher> logger,
        RetrySchedule? schedule = null)
    {
        ArgumentNullException.ThrowIfNull(channels);

        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _lanes = channels.ToDictionary(c => c.Name, c => new AlertLane(c), StringComparer.Ordinal);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _schedule = schedule ?? new RetrySchedule();
        _timeout = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(AttemptTimeout)
            .Build();
    }

    /// <summary>Wakes the loop: new deliveries were queued. Cheap, never blocks.</summary>
    public void Notify() => _wake.Writer.TryWrite(true);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then returns once
    /// the lanes have stopped. Undelivered alerts stay pending in the queue.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var lanes = _lanes.Values
            .Select(lane => lane.RunAsync(DeliverAsync, cancellationToken))
            .ToList();

        try
        {
            await LoopAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping is the normal end of the loop
        }

        await Task.WhenAll(lanes);
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var startup = true;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // start-up takes everything pending; afterwards only what is due
                // TODO: start-up takes the oldest BatchSize only; the rest keep their schedule
                var now = startup ? DateTimeOffset.MaxValue : _time.GetUtcNow();
                var handedOut = await HandOutAsync(now, cancellationToken);
                startup = false;

                if (handedOut == 0)
                    await SleepAsync(cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                // a queue (database) failure must not end alerting; try again shortly
                AlertLog.QueueFailed(_logger, AlertErrorClass.Of(error));
                await Task.Delay(QueueRetryDelay, _time, cancellationToken);
            }
        }
    }

    private async Task<int> HandOutAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // asking for more than are in flight guarantees new due deliveries are seen
        var due = await _queue.GetDueAsync(now, _inFlight.Count + BatchSize, cancellationToken);

        var handedOut = 0;
        foreach (var alert in due)
        {
            if (!_inFlight.TryAdd(alert.DeliveryId, 0))
                continue;

            handedOut++;
            if (_lanes.TryGetValue(alert.Channel, out var lane))
                lane.Enqueue(alert);
            else
                await DeliverAsync(new MissingChannel(alert.Channel), alert, cancellationToken);
        }

        return handedOut;
    }

    private async Task SleepAsync(CancellationToken cancellationToken)
    {
        var next = await _queue.GetNextDueAsync(cancellationToken);
        var wait = next - _time.GetUtcNow();

        // due but not handed out means in flight: its lane wakes the loop when done
        var timed = wait is { } span && span > TimeSpan.Zero;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _wake.Reader.WaitToReadAsync(stop.Token).AsTask();
        var timer = timed
            ? Task.Delay(wait!.Value < MaxSleep ? wait.Value : MaxSleep, _time, stop.Token)
            : Task.Delay(Timeout.InfiniteTimeSpan, stop.Token);

        await Task.WhenAny(woken, timer);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        _wake.Reader.TryRead(out _);
    }

    private async Task DeliverAsync(
        IAlertChannel channel, PendingAlert alert, CancellationToken cancellationToken)
    {
        var attempt = alert.Attempts + 1;
        string? error = null;
        try
        {
            await _timeout.ExecuteAsync(
                async token => await channel.SendAsync(alert.Message, token), cancellationToken);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            error = AlertErrorClass.Of(failure);
        }

        try
        {
            await RecordAsync(alert, attempt, error, cancellationToken);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            // unrecorded, the delivery stays due and is tried again
            AlertLog.QueueFailed(_logger, AlertErrorClass.Of(failure));
        }
        finally
        {
            _inFlight.TryRemove(alert.DeliveryId, out _);
            Notify();
        }
    }

    private async Task RecordAsync(
        PendingAlert alert, int attempt, string? error, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var (id, messageId, channel) = (alert.DeliveryId, alert.Message.Id, alert.Channel);
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
