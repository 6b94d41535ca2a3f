using System.Threading.Channels;

namespace Lockbox.Alerts;

/// <summary>
/// The work line of one channel: its deliveries start in queue order, while every channel has
/// its own lane, so a slow or failing channel only ever delays itself. A channel that can
/// deliver several at once (email, over several smarthost connections) gets them in parallel.
/// </summary>
// TODO: a lane tries Concurrency deliveries at a time, so a smarthost that hangs costs 30 s per
// that many queued alerts of the channel; a circuit breaker would skip them while it is down.
internal sealed class AlertLane(IAlertChannel channel)
{
    private readonly Channel<PendingAlert> _work = System.Threading.Channels.Channel
        .CreateUnbounded<PendingAlert>(new UnboundedChannelOptions { SingleReader = true });

    private int _inFlight;

    public IAlertChannel Channel { get; } = channel;

    /// <summary>Deliveries handed to this lane and not yet finished.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>With this many in flight the lane has work queued behind every running
    /// delivery, so looking for more can wait until one finishes.</summary>
    public int Backlog => 2 * Math.Max(1, Channel.Concurrency);

    public void Enqueue(PendingAlert alert)
    {
        Interlocked.Increment(ref _inFlight);
        _work.Writer.TryWrite(alert);
    }

    /// <summary>Called by the dispatcher when a delivery of this lane has been recorded.</summary>
    public void Finished() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Delivers queued alerts until cancelled, up to the channel's
    /// <see cref="IAlertChannel.Concurrency"/> at a time.</summary>
    public async Task RunAsync(
        Func<IAlertChannel, PendingAlert, CancellationToken, Task> deliver,
        CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, Channel.Concurrency));
        var running = new List<Task>();
        try
        {
            await foreach (var alert in _work.Reader.ReadAllAsync(cancellationToken))
            {
                await slots.WaitAsync(cancellationToken);
                running.RemoveAll(task => task.IsCompleted);
                running.Add(DeliverAsync(deliver, alert, slots, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // shutting down: what was not delivered is still pending in the durable queue
        }

        await Task.WhenAll(running);
    }

    private async Task DeliverAsync(
        Func<IAlertChannel, PendingAlert, CancellationToken, Task> deliver,
        PendingAlert alert,
        SemaphoreSlim slots,
        CancellationToken cancellationToken)
    {
        try
        {
            await deliver(Channel, alert, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // shutting down: the delivery stays pending in the durable queue
        }
        finally
        {
            slots.Release();
        }
    }
}
