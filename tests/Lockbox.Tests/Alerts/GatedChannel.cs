using Lockbox.Alerts;

namespace Lockbox.Tests.Alerts;

/// <summary>A channel that may take <see cref="Concurrency"/> alerts at once and holds every
/// send until <see cref="Open"/>; it tells how many sends were waiting together.</summary>
internal sealed class GatedChannel(string name, int concurrency) : IAlertChannel
{
    private readonly TaskCompletionSource _gate =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Threading.Channels.Channel<bool> _entered =
        System.Threading.Channels.Channel.CreateUnbounded<bool>();
    private int _waiting;
    private int _mostWaiting;

    public string Name { get; } = name;

    public int Concurrency { get; } = concurrency;

    public int MostWaitingAtOnce => Volatile.Read(ref _mostWaiting);

    public void Open() => _gate.TrySetResult();

    /// <summary>Waits until <paramref name="count"/> sends have begun (ten seconds bound a
    /// broken test, not a pause).</summary>
    public async Task WaitForSendsAsync(int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var i = 0; i < count; i++)
            await _entered.Reader.ReadAsync(limit.Token);
    }

    public async Task SendAsync(PendingAlert alert, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _waiting);
        InterlockedMax(ref _mostWaiting, now);
        _entered.Writer.TryWrite(true);
        try
        {
            await _gate.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value
            && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
