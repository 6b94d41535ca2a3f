using Lockbox.Alerts;
using Lockbox.Configuration;
using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Alerts;

/// <summary>
/// Every channel type plugs into the same durable queue and dispatcher: real receivers on
/// loopback that fail (HTTP 500, connection refused, SMTP 451) for a while and then recover get
/// every alert exactly once, and a failing channel never holds back another.
/// </summary>
public sealed class ChannelGuaranteeTests
{
    private const string Recovery = "lastpass-7f3k@recovery.example";
    private const string Secret = "whsec-0123456789abcdef";
    private const int Messages = 3;

    [Fact]
    public async Task Failing_receivers_recover_and_get_everything_exactly_once()
    {
        await using var ntfy = new HttpSink();
        await using var webhook = new HttpSink { Respond = n => n <= Messages + 2 ? 500 : 200 };
        await using var smtp = SmtpSink.Start();
        await using var healthy = new HttpSink();
        AlertOptions[] alerts =
        [
            new("alert1-ntfy", "ntfy") { Url = ntfy.Url("/lockbox") },
            new("alert2-webhook", "webhook") { Url = webhook.Url("/hook"), Secret = Secret },
            new("alert3-email", "email", "owner@primary.example", "lockbox@alerts.example",
                smtp.Url),
            new("alert4-ntfy", "ntfy") { Url = healthy.Url("/fine") },
        ];
        await using var box = await IntakeBox.OpenAsync(alerts, FloodOptions.Default);
        for (var i = 0; i < Messages; i++)
            await box.StoreAsync($"Subject: m{i}\r\n\r\nbody\r\n", "s@bank.example", Recovery);

        // the ntfy server is down and the smarthost answers 451 for the first attempts
        ntfy.Stop();
        smtp.RejectNext(Messages + 1);
        var dispatcher = Dispatcher(box, alerts);
        using var stop = new CancellationTokenSource();
        var run = dispatcher.RunAsync(stop.Token);

        // the healthy channel is not held back by the three failing ones
        await DriveAsync(box, async () => (await SentAsync(box, "alert4-ntfy")) == Messages,
            advance: false);
        Assert.All((await box.DeliveriesAsync()).Where(d => d.Channel == "alert4-ntfy"),
            d => Assert.Equal(IntakeBox.Start, d.SentAt));

        await DriveAsync(box, async () => (await FailedOnceAsync(box)) >= 3 * Messages);
        ntfy.Restart();
        await DriveAsync(box, async () => (await SentAsync(box, null)) == 4 * Messages);
        await stop.CancelAsync();
        await run;

        Assert.Equal(Messages, ntfy.Received.Count);
        Assert.Equal(Messages, healthy.Received.Count);
        var accepted = webhook.Received.Where(r => r.Status == 200).ToList();
        Assert.Equal(Messages, accepted.Count);
        Assert.Equal(Messages,
            accepted.Select(r => r.Header(WebhookAlertChannel.DeliveryHeader)).Distinct().Count());
        Assert.Equal(Messages, smtp.Messages.Count);
        Assert.Equal(Messages, smtp.Messages
            .Select(m => System.Text.Encoding.Latin1.GetString(m.Data)).Distinct().Count());
        Assert.All(await box.DeliveriesAsync(), d => Assert.Equal("sent", d.State));
    }

    private static AlertDispatcher Dispatcher(IntakeBox box, AlertOptions[] alerts)
    {
        var options = new LockboxOptions(IntakeBox.Host, new([], 1), new("."), [], alerts, null);
        var channels = Hosting.AlertChannelFactory.Create(options, TextWriter.Null, box.Clock);
        return new AlertDispatcher(box.Index, channels, box.Clock,
            new CapturingLogger<AlertDispatcher>(), new RetrySchedule(() => 1.0));
    }

    private static async Task<int> SentAsync(IntakeBox box, string? channel) =>
        (await box.DeliveriesAsync())
            .Count(d => d.State == "sent" && (channel is null || d.Channel == channel));

    private static async Task<int> FailedOnceAsync(IntakeBox box) =>
        (await box.DeliveriesAsync()).Count(d => d.Attempts >= 1 && d.Channel != "alert4-ntfy");

    /// <summary>Moves fake time on a second at a time until <paramref name="done"/>, so
    /// retries fall due; the real-time pause only lets the dispatcher's tasks run, and the
    /// bound turns a broken test into a failure rather than a hang.</summary>
    private static async Task DriveAsync(
        IntakeBox box, Func<Task<bool>> done, bool advance = true)
    {
        for (var step = 0; step < 2000; step++)
        {
            if (await done())
                return;

            if (advance)
                box.Clock.Advance(TimeSpan.FromSeconds(1));

            await Task.Delay(5);
        }

        Assert.Fail("the deliveries did not reach the expected state");
    }
}
