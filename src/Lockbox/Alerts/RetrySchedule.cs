namespace Lockbox.Alerts;

/// <summary>
/// When a failed alert delivery is tried again: exponential backoff from
/// <see cref="FirstDelay"/> doubling up to <see cref="MaxDelay"/>, with "equal jitter" (each
/// delay drawn from the upper half of its step) so that many deliveries failing together do not
/// retry in lockstep. A delivery is tried for at least <see cref="GiveUpAfter"/> since it was
/// queued: the last attempt is placed at that deadline, and only a failure at or after it gives
/// up.
/// </summary>
public sealed class RetrySchedule
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(48);

    private readonly Func<double> _random;

    /// <param name="random">A source of numbers in [0, 1); injected so tests are exact.</param>
    public RetrySchedule(Func<double>? random = null)
    {
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The delay after the <paramref name="failedAttempts"/>-th failure (1-based):
    /// within (FirstDelay/2, FirstDelay] after the first, never above MaxDelay.</summary>
    public TimeSpan DelayAfter(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);

        // 2^7 * 5 s already exceeds the cap; the exponent is bounded so it cannot overflow
        var step = FirstDelay * Math.Pow(2, Math.Min(failedAttempts - 1, 16));
        var ceiling = step < MaxDelay ? step : MaxDelay;
        var fraction = 0.5 + (0.5 * Math.Clamp(_random(), 0, 1));
        return ceiling * fraction;
    }

    /// <summary>The next attempt after a failure at <paramref name="now"/>, or null when the
    /// delivery has been tried for <see cref="GiveUpAfter"/> and is given up.</summary>
    public DateTimeOffset? NextAttempt(
        int failedAttempts, DateTimeOffset firstQueuedAt, DateTimeOffset now)
    {
        var deadline = firstQueuedAt + GiveUpAfter;
        if (now >= deadline)
            return null;

        var next = now + DelayAfter(failedAttempts);
        return next < deadline ? next : deadline;
    }
}
