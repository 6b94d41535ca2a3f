using System.Threading.Channels;

namespace Lockbox.Alerts;

/// <summary>
/// The work line of one channel: its deliveries go one after another, while every channel has
/// its own lane, so a slow or failing channel only ever delays itself.
/// </summary>
// TODO: a lane tries its deliveries one by one, so a smarthost that hangs costs 30 s per queued
// alert of that channel; a per-channel circuit breaker would skip them while it is down.
internal sealed class AlertLane(IAlertChannel channel)
{
    private readonly Channel<PendingAlert> _work = System.Threading.Channels.Channel
        .CreateUnbounded<PendingAlert>(new UnboundedChannelOptions { SingleReader = true });

    public IAlertChannel Channel { get; } = channel;

    public void Enqueue(PendingAlert alert) => _work.Writer.TryWrite(alert);

    /// <summary>Delivers queued alerts until cancelled.</summary>
    public async Task RunAsync(
        Func<IAlertChannel, PendingAlert, CancellationToken, Task> deliver,
        CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var alert in _work.Reader.ReadAllAsync(cancellationToken))
                await deliver(Channel, alert, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // shutting down: what was not delivered is still pending in the durable queue
        }
    }
}
