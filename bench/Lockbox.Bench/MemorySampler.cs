namespace MailBench;

/// <summary>
/// Samples a <see cref="ProcessTree"/>'s memory in the background while a scenario runs and
/// keeps the peak. For a single process the kernel's own peak (VmHWM, reset at start) is
/// taken as well, so a spike between two samples is not missed.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly ProcessTree _tree;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    private MemorySampler(ProcessTree tree, TimeSpan interval)
    {
        _tree = tree;
        if (!tree.Proportional)
            tree.ResetKernelPeak();

        _peak = tree.MemoryBytes();
        _loop = SampleAsync(interval);
    }

    /// <summary>Starts sampling: every 50 ms for RSS, every 200 ms for PSS (reading smaps
    /// costs the machine more).</summary>
    public static MemorySampler Start(ProcessTree tree) =>
        new(tree, TimeSpan.FromMilliseconds(tree.Proportional ? 200 : 50));

    /// <summary>Stops sampling and returns the peak in bytes.</summary>
    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        var peak = Interlocked.Read(ref _peak);
        return _tree.Proportional ? peak : Math.Max(peak, _tree.KernelPeakRssBytes());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task SampleAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var now = _tree.MemoryBytes();
                if (now > Interlocked.Read(ref _peak))
                    Interlocked.Exchange(ref _peak, now);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }
}
