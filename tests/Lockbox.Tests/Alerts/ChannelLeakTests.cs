using System.Text;
using System.Text.Json;
using Lockbox.Alerts;
using Lockbox.Cli;
using Lockbox.Configuration;
using Lockbox.Tests.Receiving.Support;
using Lockbox.Tests.Summarizing;
using MimeKit;

namespace Lockbox.Tests.Alerts;

/// <summary>
/// For every corpus message, every channel type and every detail level: the marker that each
/// corpus file carries in its body and in every header but From and Subject never reaches an
/// alert (as sent on the wire and as decoded), a log line, or <c>lockbox list</c>.
/// </summary>
public sealed class ChannelLeakTests
{
    private const string Secret = "whsec-0123456789abcdef";

    private static readonly AlertDetail[] Details =
        [AlertDetail.Subject, AlertDetail.Sender, AlertDetail.None];

    public static TheoryData<string> Corpus() => new(SummaryCorpus.Names());

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Marker_never_reaches_any_channel_log_or_list(string name)
    {
        await using var http = new HttpSink();
        await using var smtp = SmtpSink.Start();
        var alerts = Details.SelectMany((detail, i) => new AlertOptions[]
        {
            new($"email-{i}", "email", "owner@primary.example", "lockbox@alerts.example",
                smtp.Url) { Detail = detail },
            new($"console-{i}", "console") { Detail = detail },
            new($"ntfy-{i}", "ntfy") { Url = http.Url($"/topic{i}"), Detail = detail },
            new($"webhook-{i}", "webhook") { Url = http.Url($"/hook{i}"), Secret = Secret,
                Detail = detail },
        }).ToArray();
        await using var box = await IntakeBox.OpenAsync(alerts);
        using var console = new StringWriter();

        await box.StoreAsync(SummaryCorpus.Eml(name), SummaryCorpus.ReversePath(name),
            "lastpass-7f3k@recovery.example");
        var log = await DispatchAsync(box, alerts, console);

        var seen = new List<string> { console.ToString() };
        seen.AddRange(log);
        seen.AddRange(box.Log.Lines);
        foreach (var message in smtp.Messages)
        {
            seen.Add(Encoding.Latin1.GetString(message.Data));
            var decoded = MimeMessage.Load(new MemoryStream(message.Data));
            seen.Add(decoded.Subject + "\n" + decoded.TextBody);
        }

        foreach (var request in http.Received)
        {
            seen.Add(request.Text);
            seen.Add(string.Join("\n", Strings(JsonDocument.Parse(request.Body).RootElement)));
        }

        var listed = await box.Index.ListAsync(CancellationToken.None);
        seen.AddRange(listed.Select(ListCommand.FormatLine));
        seen.AddRange((await box.DeliveriesAsync()).Select(AlertsCommand.FormatLine));

        Assert.Equal(3, smtp.Messages.Count);
        Assert.Equal(6, http.Received.Count);
        Assert.Equal(3, console.ToString().Split("[lockbox alert]").Length - 1);
        Assert.All(seen, text =>
            Assert.DoesNotContain(SummaryCorpus.Marker, text, StringComparison.Ordinal));
    }

    private static async Task<IEnumerable<string>> DispatchAsync(
        IntakeBox box, AlertOptions[] alerts, StringWriter console)
    {
        var options = new LockboxOptions(IntakeBox.Host, new([], 1), new("."), [], alerts, null);
        var log = new CapturingLogger<AlertDispatcher>();
        var dispatcher = new AlertDispatcher(box.Index,
            Hosting.AlertChannelFactory.Create(options, console, box.Clock), box.Clock, log);
        using var stop = new CancellationTokenSource();
        var run = dispatcher.RunAsync(stop.Token);

        // bounded wait for the dispatcher's own work; fake time never moves here
        for (var i = 0; i < 2000 && (await box.DeliveriesAsync()).Any(d => d.State != "sent"); i++)
            await Task.Delay(5);

        await stop.CancelAsync();
        await run;
        return log.Lines;
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}
