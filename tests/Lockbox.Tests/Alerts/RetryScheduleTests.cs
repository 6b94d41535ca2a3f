using Lockbox.Alerts;

namespace Lockbox.Tests.Alerts;

public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset Queued = Samples.Start;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.999999)]
    public void First_retry_is_within_five_seconds(double random)
    {
        var delay = new RetrySchedule(() => random).DelayAfter(1);

        Assert.InRange(delay, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Delays_grow_exponentially_and_stop_at_ten_minutes()
    {
        var schedule = new RetrySchedule(() => 1.0);

        var delays = Enumerable.Range(1, 40).Select(schedule.DelayAfter).ToList();

        Assert.Equal(TimeSpan.FromSeconds(10), delays[1]);
        Assert.Equal(TimeSpan.FromSeconds(20), delays[2]);
        Assert.All(delays, d => Assert.True(d <= RetrySchedule.MaxDelay));
        Assert.Equal(RetrySchedule.MaxDelay, delays[^1]);
    }

    [Fact]
    public void Jitter_spreads_deliveries_that_failed_together()
    {
        var schedule = new RetrySchedule();

        var delays = Enumerable.Range(0, 50).Select(_ => schedule.DelayAfter(8)).Distinct();

        Assert.True(delays.Count() > 1);
    }

    [Fact]
    public void Last_attempt_lands_on_the_48_hour_deadline_then_gives_up()
    {
        var schedule = new RetrySchedule(() => 1.0);
        var deadline = Queued + RetrySchedule.GiveUpAfter;

        var last = schedule.NextAttempt(300, Queued, deadline - TimeSpan.FromMinutes(1));
        var after = schedule.NextAttempt(301, Queued, deadline);

        Assert.Equal(deadline, last);
        Assert.Null(after);
    }

    [Fact]
    public void Tries_for_at_least_48_hours()
    {
        var schedule = new RetrySchedule(() => 0.0);
        var now = Queued;
        var attempts = 0;

        while (schedule.NextAttempt(++attempts, Queued, now) is { } next)
            now = next;

        Assert.True(now - Queued >= RetrySchedule.GiveUpAfter);
        Assert.InRange(attempts, 250, 1200);
    }
}
