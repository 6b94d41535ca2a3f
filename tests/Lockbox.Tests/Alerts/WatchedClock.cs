using Microsoft.Extensions.Time.Testing;

namespace Lockbox.Tests.Alerts;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells which timers were created, so a test can
/// wait until the code under test is really waiting (its timer exists) before advancing time;
/// advancing earlier would create the timer after the jump and it would never fire.
/// </summary>
internal sealed class WatchedClock(DateTimeOffset start) : TimeProvider, IDisposable
{
    private readonly FakeTimeProvider _fake = new(start);
    private readonly List<TimeSpan> _created = [];
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Lock _gate = new();
    private int _consumed;

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _fake.LocalTimeZone;

    public void Advance(TimeSpan by) => _fake.Advance(by);

    public void Dispose() => _changed.Dispose();

    internal void Rearmed(TimeSpan dueTime) => Record(dueTime);

    public override ITimer CreateTimer(
        TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(_fake.CreateTimer(callback, state, dueTime, period), this);
        Record(dueTime);
        return timer;
    }

    private void Record(TimeSpan dueTime)
    {
        lock (_gate)
            _created.Add(dueTime);

        _changed.Release();
    }

    /// <summary>Waits for the next timer (after those already waited for) due in exactly
    /// <paramref name="dueTime"/>; ten seconds bound a broken test.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            lock (_gate)
            {
                var index = _created.FindIndex(_consumed, due => due == dueTime);
                if (index >= 0)
                {
                    _consumed = index + 1;
                    return;
                }
            }

            await _changed.WaitAsync(limit.Token);
        }
    }
}

/// <summary>Reports re-armed timers too: a CancelAfter re-arms rather than creates.</summary>
file sealed class WatchedTimer(ITimer inner, WatchedClock clock) : ITimer
{
    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        var changed = inner.Change(dueTime, period);
        clock.Rearmed(dueTime);
        return changed;
    }

    public void Dispose() => inner.Dispose();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
