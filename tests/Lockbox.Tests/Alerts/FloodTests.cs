using Lockbox.Alerts;
using Lockbox.Configuration;
using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Alerts;

/// <summary>
/// A flood to one recovery address is contained: past the limit within the window, further
/// messages are summed into one digest per window per channel, nothing stored is dropped, and
/// once the rate falls every message has its own alert again. Driven by fake time over a real
/// SQLite index, through restarts.
/// </summary>
public sealed class FloodTests
{
    private const string Target = "lastpass-7f3k@recovery.example";
    private const string Other = "bank-q9x2@recovery.example";

    private static readonly AlertOptions[] Alerts =
    [
        new("alert1-console", "console"),
        new("alert2-console", "console") { Addresses = [Target] },
    ];

    [Fact]
    public async Task Past_the_limit_messages_join_one_digest_per_channel_due_at_the_window_end()
    {
        await using var box = await IntakeBox.OpenAsync(Alerts);

        var ids = await StoreEveryAsync(box, 25, TimeSpan.FromSeconds(1), Target);
        var other = await box.StoreAsync(Mail(0), "s@x.example", Other);

        var deliveries = await box.DeliveriesAsync();
        Assert.Equal([.. ids[..20], other], Own(deliveries, "alert1-console"));
        Assert.Equal(ids[..20], Own(deliveries, "alert2-console"));
        Assert.Contains(deliveries, d => d.MessageId == other && d.DigestCount is null);
        var digests = deliveries.Where(d => d.DigestCount is not null).ToList();
        Assert.Equal(["alert1-console", "alert2-console"], digests.Select(d => d.Channel));
        Assert.All(digests, d => Assert.Equal((ids[20], 5), (d.MessageId, d.DigestCount)));
        var windowEnd = IntakeBox.Start + TimeSpan.FromSeconds(20) + TimeSpan.FromMinutes(10);
        Assert.All(digests, d => Assert.Equal(windowEnd, d.NextAttemptAt));
        Assert.Equal(26, (await box.Index.ListAsync(CancellationToken.None)).Count);

        var early = await box.Index.GetDueAsync(windowEnd - TimeSpan.FromSeconds(1), 100,
            ignoreSchedule: true, CancellationToken.None);
        Assert.DoesNotContain(early, d => d.Digest is not null);
        var due = await box.Index.GetDueAsync(windowEnd, 100, false, CancellationToken.None);
        var digest = Assert.Single(due, d => d is { Channel: "alert1-console", Digest: not null })
            .Digest!;
        Assert.Equal((Target, 5, IntakeBox.Start + TimeSpan.FromSeconds(20), windowEnd),
            (digest.Address, digest.Count, digest.Since, digest.Until));
    }

    [Fact]
    public async Task The_count_survives_a_restart()
    {
        await using var box = await IntakeBox.OpenAsync(Alerts);
        await StoreEveryAsync(box, 20, TimeSpan.FromSeconds(1), Target);

        await box.ReopenAsync();
        var after = await StoreEveryAsync(box, 2, TimeSpan.FromSeconds(1), Target);

        var deliveries = await box.DeliveriesAsync();
        Assert.DoesNotContain(deliveries, d => d.MessageId == after[1]);
        Assert.Equal(2, deliveries.Single(d => d.DigestCount is not null
            && d.Channel == "alert1-console").DigestCount);
    }

    [Fact]
    public async Task A_long_flood_is_counted_once_across_windows_and_ends_when_the_rate_falls()
    {
        await using var box = await IntakeBox.OpenAsync(Alerts);

        var ids = await StoreEveryAsync(box, 150, TimeSpan.FromSeconds(10), Target);
        box.Clock.Advance(TimeSpan.FromMinutes(11));
        var calm = await box.StoreAsync(Mail(0), "s@x.example", Target);

        var deliveries = (await box.DeliveriesAsync())
            .Where(d => d.Channel == "alert1-console").ToList();
        var own = deliveries.Where(d => d.DigestCount is null).Select(d => d.MessageId).ToList();
        var digests = deliveries.Where(d => d.DigestCount is not null).ToList();
        Assert.Equal([.. ids[..20], calm], own);
        Assert.Equal(3, digests.Count);
        Assert.Equal(ids.Length - 20, digests.Sum(d => d.DigestCount));
    }

    [Fact]
    public async Task Disabled_every_message_gets_its_own_alert()
    {
        await using var box = await IntakeBox.OpenAsync(
            Alerts, FloodOptions.Default with { Enabled = false });

        var ids = await StoreEveryAsync(box, 30, TimeSpan.Zero, Target);

        Assert.Equal(ids, Own(await box.DeliveriesAsync(), "alert1-console"));
    }

    [Fact]
    public async Task The_digest_goes_out_once_at_the_window_end_saying_how_many_more()
    {
        await using var box = await IntakeBox.OpenAsync([Alerts[0]],
            new FloodOptions(true, 2, TimeSpan.FromMinutes(10)));
        await StoreEveryAsync(box, 5, TimeSpan.FromSeconds(1), Target);
        using var console = new StringWriter();
        var dispatcher = new AlertDispatcher(box.Index,
            [new ConsoleAlertChannel("alert1-console", console, IntakeBox.Host)], box.Clock,
            new CapturingLogger<AlertDispatcher>());
        using var stop = new CancellationTokenSource();

        // started after the window's end, as after a restart: the digest is due, sent once
        box.Clock.Advance(TimeSpan.FromMinutes(10));
        var run = dispatcher.RunAsync(stop.Token);
        for (var i = 0; i < 1000 && (await box.DeliveriesAsync()).Any(d => d.State != "sent"); i++)
            await Task.Delay(5);

        await stop.CancelAsync();
        await run;
        var text = console.ToString();
        Assert.Equal(3, text.Split("[lockbox alert]").Length - 1);
        Assert.Contains($"Recovery mail for {Target} from <s@x.example> and 2 more", text,
            StringComparison.Ordinal);
        Assert.Contains($"3 messages arrived for {Target}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_dispatcher_holds_the_digest_until_its_window_ends()
    {
        var window = TimeSpan.FromMinutes(10);
        await using var box = await IntakeBox.OpenAsync([Alerts[0]],
            new FloodOptions(true, 2, window));
        await StoreEveryAsync(box, 3, TimeSpan.FromSeconds(1), Target);
        var windowEnd = box.Clock.GetUtcNow() + window;
        using var console = new StringWriter();
        var dispatcher = new AlertDispatcher(box.Index,
            [new ConsoleAlertChannel("alert1-console", console, IntakeBox.Host)], box.Clock,
            new CapturingLogger<AlertDispatcher>());
        using var stop = new CancellationTokenSource();
        var run = dispatcher.RunAsync(stop.Token);

        // start-up sends the two own alerts but not the open digest, which keeps counting
        for (var i = 0; i < 1000 && await SentAsync(box) < 2; i++)
            await Task.Delay(5);

        await StoreEveryAsync(box, 2, TimeSpan.FromMinutes(1), Target);
        var digest = (await box.DeliveriesAsync()).Single(d => d.DigestCount is not null);
        Assert.Equal(("pending", 3), (digest.State, digest.DigestCount));

        // fake time moves on in steps until the window ends and the digest goes, once
        for (var i = 0; i < 200 && (await box.DeliveriesAsync()).Any(d => d.State != "sent"); i++)
        {
            box.Clock.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(5);
        }

        await stop.CancelAsync();
        await run;
        digest = (await box.DeliveriesAsync()).Single(d => d.DigestCount is not null);
        Assert.Equal(("sent", 3), (digest.State, digest.DigestCount));
        Assert.True(digest.SentAt >= windowEnd);
        Assert.Equal(3, console.ToString().Split("[lockbox alert]").Length - 1);
        Assert.Contains("and 2 more", console.ToString(), StringComparison.Ordinal);
    }

    private static async Task<int> SentAsync(IntakeBox box) =>
        (await box.DeliveriesAsync()).Count(d => d.State == "sent");

    private static List<string> Own(IReadOnlyList<DeliveryStatus> deliveries, string channel) =>
        [.. deliveries.Where(d => d.Channel == channel && d.DigestCount is null)
            .Select(d => d.MessageId)];

    private static async Task<string[]> StoreEveryAsync(
        IntakeBox box, int count, TimeSpan interval, string recipient)
    {
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
                box.Clock.Advance(interval);

            ids[i] = await box.StoreAsync(Mail(i), "s@x.example", recipient);
        }

        return ids;
    }

    private static string Mail(int n) => $"From: s@x.example\r\nSubject: code {n}\r\n\r\nx\r\n";
}
