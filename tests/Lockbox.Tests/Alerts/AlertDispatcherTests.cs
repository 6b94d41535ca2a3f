using Lockbox.Alerts;
using Step = Lockbox.Tests.Alerts.ScriptedChannel.Step;

namespace Lockbox.Tests.Alerts;

public sealed class AlertDispatcherTests : IDisposable
{
    private static readonly DateTimeOffset T0 = Samples.Start;

    private readonly WatchedClock _clock = new(T0);
    private readonly InMemoryAlertQueue _queue = new();
    private readonly CapturingLogger<AlertDispatcher> _log = new();
    private readonly CancellationTokenSource _stop = new();

    public void Dispose()
    {
        _stop.Dispose();
        _clock.Dispose();
    }

    [Fact]
    public async Task Pending_deliveries_are_sent_at_start_even_if_their_retry_is_later()
    {
        var channel = new ScriptedChannel("mail");
        _queue.Add(1, "mail", Samples.Message("a"), T0 - TimeSpan.FromHours(1),
            nextAt: T0 + TimeSpan.FromMinutes(8), attempts: 3);
        _queue.Add(2, "mail", Samples.Message("b"), T0 - TimeSpan.FromMinutes(1));

        var run = Start(channel);
        var events = new[] { await _queue.NextEventAsync(), await _queue.NextEventAsync() };

        Assert.All(events, e => Assert.True(e.Sent));
        Assert.Equal([1L, 2L], events.Select(e => e.DeliveryId).Order());
        Assert.Equal(T0, _clock.GetUtcNow());
        await StopAsync(run);
    }

    [Fact]
    public async Task Failure_is_retried_on_the_schedule()
    {
        var channel = new ScriptedChannel("mail", Step.Fail);
        _queue.Add(1, "mail", Samples.Message(), T0);

        var run = Start(channel);
        var failed = await _queue.NextEventAsync();

        Assert.Equal(("io", T0 + TimeSpan.FromSeconds(5)), (failed.Error, failed.NextAttemptAt));
        await _clock.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        Assert.False(_queue.HasEvent);

        _clock.Advance(TimeSpan.FromSeconds(5));
        var sent = await _queue.NextEventAsync();

        Assert.True(sent.Sent);
        Assert.Equal(T0 + TimeSpan.FromSeconds(5), sent.At);
        Assert.Equal(2, channel.Attempts.Count);
        await StopAsync(run);
    }

    [Fact]
    public async Task A_hanging_channel_does_not_delay_another_and_times_out_after_30_seconds()
    {
        var slow = new ScriptedChannel("slow", Step.Hang);
        var fast = new ScriptedChannel("fast");
        _queue.Add(1, "slow", Samples.Message("a"), T0);
        _queue.Add(2, "fast", Samples.Message("b"), T0);

        var run = Start(slow, fast);
        var first = await _queue.NextEventAsync();

        Assert.Equal((2L, true, T0), (first.DeliveryId, first.Sent, first.At));

        await _clock.WaitForTimerAsync(AlertDispatcher.AttemptTimeout);
        _clock.Advance(AlertDispatcher.AttemptTimeout);
        var timedOut = await _queue.NextEventAsync();

        Assert.Equal((1L, "timeout"), (timedOut.DeliveryId, timedOut.Error));
        Assert.Equal(T0 + TimeSpan.FromSeconds(35), timedOut.NextAttemptAt);
        await StopAsync(run);
    }

    [Fact]
    public async Task A_hanging_channel_does_not_hold_back_another_channels_retry()
    {
        var slow = new ScriptedChannel("slow", Step.Hang);
        var fast = new ScriptedChannel("fast", Step.Fail);
        _queue.Add(1, "slow", Samples.Message("a"), T0);
        _queue.Add(2, "fast", Samples.Message("b"), T0);

        var run = Start(slow, fast);
        var failed = await _queue.NextEventAsync();
        await _clock.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(5));
        var sent = await _queue.NextEventAsync();

        Assert.Equal((2L, "io"), (failed.DeliveryId, failed.Error));
        Assert.Equal((2L, true), (sent.DeliveryId, sent.Sent));
        Assert.Single(slow.Attempts);
        await StopAsync(run);
    }

    [Fact]
    public async Task Delivery_is_given_up_after_48_hours()
    {
        var channel = new ScriptedChannel("mail", Step.Fail);
        _queue.Add(1, "mail", Samples.Message(), T0 - RetrySchedule.GiveUpAfter, attempts: 400);

        var run = Start(channel);
        var gaveUp = await _queue.NextEventAsync();

        await StopAsync(run);

        Assert.Equal(("io", null), (gaveUp.Error, gaveUp.NextAttemptAt));
        Assert.Contains(_log.Lines, l => l.StartsWith("AlertGaveUp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notify_wakes_an_idle_dispatcher()
    {
        var channel = new ScriptedChannel("mail");
        var run = Start(channel);
        await _queue.Idle;

        _queue.Add(1, "mail", Samples.Message(), T0);
        Dispatcher.Notify();
        var sent = await _queue.NextEventAsync();

        Assert.True(sent.Sent);
        await StopAsync(run);
    }

    [Fact]
    public async Task A_delivery_for_an_unconfigured_channel_follows_the_schedule()
    {
        _queue.Add(1, "gone", Samples.Message(), T0);

        var run = Start(new ScriptedChannel("mail"));
        var failed = await _queue.NextEventAsync();

        Assert.Equal(nameof(ChannelNotConfiguredException), failed.Error);
        Assert.NotNull(failed.NextAttemptAt);
        await StopAsync(run);
    }

    [Fact]
    public async Task Log_lines_name_ids_and_error_classes_only()
    {
        var message = Samples.FromCorpus("encoded-crlf-injection");
        _queue.Add(1, "mail", message, T0);

        var run = Start(new ScriptedChannel("mail", Step.Fail));
        await _queue.NextEventAsync();
        await _clock.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        _clock.Advance(TimeSpan.FromSeconds(5));
        await _queue.NextEventAsync();
        await StopAsync(run);

        Assert.Equal(2, _log.Lines.Count);
        string[] secrets = [message.From, message.Subject, message.ReversePath, "no-reply@",
            .. message.Recipients, "scripted failure"];
        foreach (var line in _log.Lines)
        {
            Assert.Contains(message.Id, line, StringComparison.Ordinal);
            Assert.All(secrets, s => Assert.DoesNotContain(s, line, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_channel_gets_at_most_its_concurrency_of_alerts_at_once(int concurrency)
    {
        var channel = new GatedChannel("mail", concurrency);
        for (var id = 1; id <= 5; id++)
            _queue.Add(id, "mail", Samples.Message($"m{id}"), T0);

        var run = Start(channel);
        await channel.WaitForSendsAsync(concurrency);
        channel.Open();
        var events = new List<QueueEvent>();
        for (var i = 0; i < 5; i++)
            events.Add(await _queue.NextEventAsync());

        Assert.Equal(concurrency, channel.MostWaitingAtOnce);
        Assert.All(events, e => Assert.True(e.Sent));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], events.Select(e => e.DeliveryId).Order());
        await StopAsync(run);
    }

    [Fact]
    public async Task Room_in_a_full_lane_wakes_the_dispatcher_without_a_timer()
    {
        var channel = new GatedChannel("mail", concurrency: 1);
        for (var id = 1; id <= 3; id++)
            _queue.Add(id, "mail", Samples.Message($"m{id}"), T0);

        var run = Start(channel);
        await channel.WaitForSendsAsync(1);
        _queue.Add(4, "mail", Samples.Message("late"), T0);
        Dispatcher.Notify();
        channel.Open();
        var events = new List<QueueEvent>();
        for (var i = 0; i < 4; i++)
            events.Add(await _queue.NextEventAsync());

        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.DeliveryId).Order());
        Assert.Equal(T0, _clock.GetUtcNow());
        await StopAsync(run);
    }

    private AlertDispatcher Dispatcher { get; set; } = null!;

    private Task Start(params IAlertChannel[] channels)
    {
        Dispatcher = new AlertDispatcher(
            _queue, channels, _clock, _log, new RetrySchedule(() => 1.0));
        return Task.Run(() => Dispatcher.RunAsync(_stop.Token));
    }

    private async Task StopAsync(Task run)
    {
        await _stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
