using System.Text.Json;
using Lockbox.Alerts;
using Lockbox.Cli;
using Lockbox.Configuration;
using Lockbox.Vault;
using Microsoft.Extensions.Time.Testing;

namespace Lockbox.Tests.Alerts;

/// <summary>A read alert on every channel: what was read, how it ended, when and by whom;
/// never any part of the message, and a typed id cannot inject anything.</summary>
public sealed class ReadAlertTests
{
    private const string Id = "20261203-200000-3f9a1c2b";

    private static readonly DateTimeOffset At = Samples.Start + TimeSpan.FromMinutes(5);

    public static TheoryData<ReadOutcome, string> Sentences => new()
    {
        { ReadOutcome.Opened, $"Message {Id} was opened on lockbox.example at "
            + "2026-12-03 20:05:00 UTC by user alice" },
        { ReadOutcome.WrongPassphrase, $"A wrong passphrase was tried for message {Id} on "
            + "lockbox.example at 2026-12-03 20:05:00 UTC by user alice" },
        { ReadOutcome.NoSuchMessage, $"A read of message {Id}, which does not exist, was tried "
            + "on lockbox.example at 2026-12-03 20:05:00 UTC by user alice" },
    };

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Each_outcome_is_said_in_the_subject_and_the_first_line(
        ReadOutcome outcome, string sentence)
    {
        var text = AlertText.Render(Read(outcome), Samples.BoxHostname);

        Assert.Equal(sentence, text.Subject);
        Assert.StartsWith(sentence + ".\n\n", text.Body, StringComparison.Ordinal);
        Assert.Contains($"Message:  {Id}\n", text.Body, StringComparison.Ordinal);
        Assert.Contains("User:     alice\n", text.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text.Body, StringComparison.Ordinal);
    }

    // an id that names no message is whatever was typed: one clean line, links defanged
    [Fact]
    public void Typed_id_with_a_link_and_line_breaks_stays_one_defanged_line()
    {
        var typed = ReadAttempt.Printable("https://evil.example/x\r\nBcc: victim@example.net");
        var text = AlertText.Render(Read(ReadOutcome.NoSuchMessage) with { MessageId = typed },
            Samples.BoxHostname);

        Assert.DoesNotContain("https://", text.Subject + text.Body, StringComparison.Ordinal);
        Assert.Contains("hxxps://evil.example/x??Bcc", text.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("\nBcc", text.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Email_read_alert_has_no_message_summary_and_a_safe_message_id()
    {
        var channel = new EmailAlertChannel(
            new AlertOptions("alert1-email", "email", Samples.Owner, "alerts@lockbox.example",
                new Uri("smtp://127.0.0.1:25")),
            Samples.BoxHostname, new FakeTimeProvider(At));

        var opened = channel.Build(Pending(Read(ReadOutcome.Opened)));
        var typed = channel.Build(Pending(Read(ReadOutcome.NoSuchMessage) with
        {
            MessageId = "x>y@evil",
        }));

        Assert.StartsWith($"Message {Id} was opened", opened.Subject, StringComparison.Ordinal);
        Assert.Equal($"lockbox-alert.9.{Id}@{Samples.BoxHostname}", opened.MessageId);
        Assert.Equal("read opened", opened.Headers["X-Lockbox-Event"]);
        Assert.Equal($"lockbox-alert.9.unknown@{Samples.BoxHostname}", typed.MessageId);
        Assert.NotNull(opened.TextBody);
        AssertNoMessageContent(opened.TextBody);
    }

    [Fact]
    public async Task Webhook_read_event_carries_the_read_and_nothing_of_the_message()
    {
        await using var sink = new HttpSink();
        using var channel = new WebhookAlertChannel(
            new AlertOptions("hook", "webhook")
            {
                Url = sink.Url("/hook"),
                Secret = "whsec-0123456789abcdef",
            },
            Samples.BoxHostname, new FakeTimeProvider(At));

        await channel.SendAsync(Pending(Read(ReadOutcome.WrongPassphrase)),
            CancellationToken.None);
        var request = await sink.NextAsync();

        Assert.Equal("read.9", request.Header("X-Lockbox-Delivery"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(("read", Id, "wrong-passphrase", "alice"), (
            root.GetProperty("event").GetString(), root.GetProperty("message_id").GetString(),
            root.GetProperty("outcome").GetString(), root.GetProperty("user").GetString()));
        Assert.Equal(At, root.GetProperty("read_at").GetDateTimeOffset());
        Assert.False(root.TryGetProperty("subject", out _));
        Assert.False(root.TryGetProperty("from", out _));
        AssertNoMessageContent(request.Text);
    }

    [Theory]
    [InlineData(ReadOutcome.Opened, 4, "key")]
    [InlineData(ReadOutcome.WrongPassphrase, 5, "key,warning")]
    [InlineData(ReadOutcome.NoSuchMessage, 4, "key,warning")]
    public async Task Ntfy_read_alert_is_urgent_for_a_wrong_passphrase(
        ReadOutcome outcome, int priority, string tags)
    {
        await using var sink = new HttpSink();
        using var channel = new NtfyAlertChannel(
            new AlertOptions("phone", "ntfy") { Url = sink.Url("/topic") }, Samples.BoxHostname);

        await channel.SendAsync(Pending(Read(outcome)), CancellationToken.None);
        var request = await sink.NextAsync();

        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(priority, root.GetProperty("priority").GetInt32());
        Assert.Equal(tags, string.Join(',',
            root.GetProperty("tags").EnumerateArray().Select(t => t.GetString())));
        Assert.Contains(Id, root.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_read_alert_is_one_block()
    {
        using var output = new StringWriter();
        var channel = new ConsoleAlertChannel("console", output, Samples.BoxHostname);

        await channel.SendAsync(Pending(Read(ReadOutcome.Opened)), CancellationToken.None);

        Assert.StartsWith($"[lockbox alert] Message {Id} was opened", output.ToString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Alerts_command_line_names_the_read_outcome()
    {
        var line = AlertsCommand.FormatLine(new DeliveryStatus(9, Id, "alert1-email", "sent", 1,
            At, null, At, null, null) { ReadOutcome = ReadOutcome.WrongPassphrase });

        Assert.Equal($"9  {Id}  alert1-email  sent  attempts 1  sent 2026-12-03T20:05:00Z  "
            + "read wrong-passphrase", line);
    }

    private static ReadAttempt Read(ReadOutcome outcome) => new(Id, At, outcome, "alice");

    private static PendingAlert Pending(ReadAttempt read) =>
        new(9, "channel", null, 0, read.At) { Read = read };

    // the sample message's summary: a read alert has no way to it
    private static void AssertNoMessageContent(string text)
    {
        var message = Samples.Message();
        Assert.DoesNotContain("bank.example", text, StringComparison.Ordinal);
        Assert.DoesNotContain(message.Recipients[0], text, StringComparison.Ordinal);
        Assert.DoesNotContain("Reset your password", text, StringComparison.Ordinal);
    }
}
