using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Lockbox.Alerts;

/// <summary>
/// Sends what the durable <see cref="IAlertQueue"/> holds. It wakes on <see cref="Notify"/>
/// (a message was stored), when the next retry falls due, when a delivery fails, and at least
/// every <see cref="QueuePoll"/> for deliveries queued by another process (reads). Every
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
    private static readonly TimeSpan InFlightPoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan QueueRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>The longest the loop sleeps without looking at the queue: another process
    /// (<c>lockbox read</c> recording a read) queues deliveries without a way to
    /// <see cref="Notify"/> this one.</summary>
    public static readonly TimeSpan QueuePoll = TimeSpan.FromSeconds(2);

    private readonly IAlertQueue _queue;
    private readonly Dictionary<string, AlertLane> _lanes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AlertAttempt _attempt;
    private readonly ConcurrentDictionary<long, byte> _inFlight = new();
    private readonly ConcurrentQueue<long> _finished = new();
    private int _waitingForLanes;
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
        _attempt = new AlertAttempt(queue, time, logger, schedule ?? new RetrySchedule());
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
                if (!startup && await WaitWhileLanesAreFullAsync(cancellationToken))
                    continue;

                var mayHaveMore = await HandOutAsync(startup, cancellationToken);
                startup = false;

                // a query that was not cut off by its limit saw all that is due: asking again
                // at once would only read the deliveries in flight once more
                if (!mayHaveMore)
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

    /// <summary>Hands every due delivery not yet in flight to its lane; true when more may be
    /// due than the query returned.</summary>
    private async Task<bool> HandOutAsync(bool startup, CancellationToken cancellationToken)
    {
        // a delivery that finished before this query has its outcome committed, so the query
        // sees it sent or rescheduled; one finishing during the query may still be read as due
        // from the query's snapshot, so it stays blocked until the next round
        for (var settled = _finished.Count; settled > 0 && _finished.TryDequeue(out var id);
            settled--)
        {
            _inFlight.TryRemove(id, out _);
        }

        // asking for more than are in flight guarantees new due deliveries are seen
        var limit = _inFlight.Count + BatchSize;
        var due = await _queue.GetDueAsync(_time.GetUtcNow(), limit, startup, cancellationToken);

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

        return handedOut > 0 && due.Count >= limit;
    }

    /// <summary>While every lane has a backlog, a query would only re-read deliveries already
    /// handed out: wait for a delivery to finish instead (bounded by the in-flight poll).
    /// True when it waited.</summary>
    // TODO: beside a fast channel (never full) a slow lane's backlog is still re-read at every
    // wake-up; a due query per channel (IAlertQueue) would let the slow one wait alone.
    private async Task<bool> WaitWhileLanesAreFullAsync(CancellationToken cancellationToken)
    {
        // announce first, so a delivery finishing after the check below wakes the loop
        Interlocked.Exchange(ref _waitingForLanes, 1);
        if (_lanes.Count == 0 || !_lanes.Values.All(lane => lane.InFlight >= lane.Backlog))
        {
            Interlocked.Exchange(ref _waitingForLanes, 0);
            return false;
        }

        await WaitForWakeAsync(InFlightPoll, cancellationToken);
        return true;
    }

    private async Task SleepAsync(CancellationToken cancellationToken)
    {
        var next = await _queue.GetNextDueAsync(cancellationToken);
        var wait = next - _time.GetUtcNow();

        // due yet not handed out means in flight, and the queue cannot say what falls due
        // after it: poll, so a hanging delivery never holds back another channel's retry
        var sleep = wait switch
        {
            null => Timeout.InfiniteTimeSpan,
            { } span when span <= TimeSpan.Zero => InFlightPoll,
            { } span => span < MaxSleep ? span : MaxSleep,
        };
        await WaitForWakeAsync(sleep, cancellationToken, pollQueue: true);
    }

    private async Task WaitForWakeAsync(
        TimeSpan sleep, CancellationToken cancellationToken, bool pollQueue = false)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _wake.Reader.WaitToReadAsync(stop.Token).AsTask();
        var timer = Task.Delay(sleep, _time, stop.Token);

        // a timer of its own rather than a shorter sleep: the schedule's wake-up stays exact
        var poll = pollQueue && (sleep == Timeout.InfiniteTimeSpan || sleep > QueuePoll)
            ? Task.Delay(QueuePoll, _time, stop.Token)
            : timer;

        await Task.WhenAny(woken, timer, poll);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        _wake.Reader.TryRead(out _);
    }

    private async Task DeliverAsync(
        IAlertChannel channel, PendingAlert alert, CancellationToken cancellationToken)
    {
        var sent = false;
        try
        {
            sent = await _attempt.RunAsync(channel, alert, cancellationToken);
        }
        finally
        {
            _finished.Enqueue(alert.DeliveryId);
            if (_lanes.TryGetValue(channel.Name, out var lane))
                lane.Finished();

            // a failure has a new due time to sleep towards; a success changes nothing due
            // unless the loop waits for room in the lanes
            if (!sent || Volatile.Read(ref _waitingForLanes) == 1)
                Notify();
        }
    }
}
