using System.Runtime.CompilerServices;
using Lockbox.Alerts;
using Lockbox.Configuration;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Lockbox.Tests.Alerts;

public sealed class EmailAlertChannelTests
{
    private const string AlertsFrom = "alerts@lockbox.example";

    [Fact]
    public async Task Alert_from_an_injecting_header_parses_back_with_one_of_each_header()
    {
        await using var sink = SmtpSink.Start();
        var stored = Samples.FromCorpus("encoded-crlf-injection");

        await Channel(sink.Url).SendAsync(Samples.Pending(stored), CancellationToken.None);

        var received = Assert.Single(await sink.WaitForMessagesAsync(1));
        Assert.Equal(AlertsFrom, received.ReversePath);
        Assert.Equal([Samples.Owner], received.Recipients);
        Assert.All(received.Data, b => Assert.True(b < 0x80, "alert is 7-bit ASCII"));

        var alert = MimeMessage.Load(new MemoryStream(received.Data));
        Assert.Single(alert.Headers, h => h.Id == HeaderId.From);
        Assert.Single(alert.Headers, h => h.Id == HeaderId.Subject);
        Assert.DoesNotContain(alert.Headers, h => h.Id is HeaderId.Bcc or HeaderId.Cc);
        Assert.DoesNotContain(alert.Headers, h => h.Field == "X-Evil");
        Assert.Equal([Samples.Owner], alert.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("auto-generated", alert.Headers["Auto-Submitted"]);
        Assert.Equal(stored.Id, alert.Headers["X-Lockbox-Message-Id"]);
        Assert.EndsWith("@" + Samples.BoxHostname, alert.MessageId, StringComparison.Ordinal);
        Assert.EndsWith("from Bank X-Evil: 1 <no-reply@bank.example>", alert.Subject,
            StringComparison.Ordinal);
        Assert.Contains("Subject:  Hello Bcc: victim@example.net fake body", alert.TextBody,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_attempt_throws_a_classifiable_error_and_the_next_one_arrives()
    {
        await using var sink = SmtpSink.Start();
        sink.RejectNext(1);
        var channel = Channel(sink.Url);

        var error = await Assert.ThrowsAsync<SmtpCommandException>(
            () => channel.SendAsync(Samples.Pending(Samples.Message()), CancellationToken.None));
        await channel.SendAsync(Samples.Pending(Samples.Message()), CancellationToken.None);

        Assert.Equal("smtp 451", AlertErrorClass.Of(error));
        Assert.Single(await sink.WaitForMessagesAsync(1));
    }

    [Fact]
    public async Task Dropped_connection_fails_the_attempt()
    {
        await using var sink = SmtpSink.Start();
        sink.DropNext(1);

        var error = await Record.ExceptionAsync(
            () => Channel(sink.Url).SendAsync(Samples.Pending(Samples.Message()),
                CancellationToken.None));

        Assert.NotNull(error);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task Percent_encoded_credentials_authenticate()
    {
        await using var sink = SmtpSink.Start(("alice", "p@ss:w0rd/%"));
        var url = new Uri($"smtp://alice:p%40ss%3Aw0rd%2F%25@127.0.0.1:{sink.Port}");

        await Channel(url).SendAsync(Samples.Pending(Samples.Message()), CancellationToken.None);

        Assert.Equal("alice", Assert.Single(await sink.WaitForMessagesAsync(1)).AuthenticatedUser);
    }

    [Fact]
    public async Task A_password_is_not_sent_in_clear_to_a_name_without_starttls()
    {
        await using var sink = SmtpSink.Start(("alice", "secret"));
        var url = new Uri($"smtp://alice:secret@localhost:{sink.Port}");

        var error = await Record.ExceptionAsync(
            () => Channel(url).SendAsync(Samples.Pending(Samples.Message()),
                CancellationToken.None));

        Assert.Equal("STARTTLS", Assert.IsType<SmarthostLacksException>(error).Extension);
        Assert.Empty(sink.Messages);
        Assert.Equal(1, sink.Connections);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.3.4.5", true)]
    [InlineData("[::1]", true)]
    [InlineData("localhost", false)]
    [InlineData("smtp.primary.example", false)]
    [InlineData("192.0.2.1", false)]
    [InlineData("[2001:db8::1]", false)]
    public void Only_a_loopback_literal_may_get_a_password_in_clear(string host, bool allowed) =>
        Assert.Equal(allowed, EmailAlertChannel.MaySendCredentialsInClear(host));

    [Fact]
    public async Task A_refused_password_never_appears_in_the_error()
    {
        await using var sink = SmtpSink.Start(("alice", "right"));
        var url = new Uri($"smtp://alice:Wr0ngSecret%21@127.0.0.1:{sink.Port}");

        var error = await Record.ExceptionAsync(
            () => Channel(url).SendAsync(Samples.Pending(Samples.Message()),
                CancellationToken.None));

        Assert.NotNull(error);
        Assert.Equal("smtp auth", AlertErrorClass.Of(error));
        Assert.DoesNotContain("Wr0ngSecret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_starttls_is_not_downgraded_when_the_server_lacks_it()
    {
        await using var sink = SmtpSink.Start();
        var url = new Uri($"smtp+starttls://127.0.0.1:{sink.Port}");

        var error = await Record.ExceptionAsync(
            () => Channel(url).SendAsync(Samples.Pending(Samples.Message()),
                CancellationToken.None));

        Assert.NotNull(error);
        Assert.Equal("smtp no STARTTLS", AlertErrorClass.Of(error));
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task A_password_for_a_smarthost_that_offers_no_auth_fails_as_smtp_no_auth()
    {
        await using var sink = SmtpSink.Start();
        var url = new Uri($"smtp://alice:N0AuthSecret@127.0.0.1:{sink.Port}");

        var error = await Record.ExceptionAsync(
            () => Channel(url).SendAsync(Samples.Pending(Samples.Message()),
                CancellationToken.None));

        Assert.NotNull(error);
        Assert.Equal("smtp no AUTH", AlertErrorClass.Of(error));
        Assert.DoesNotContain("N0AuthSecret", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task Consecutive_alerts_share_one_smarthost_connection()
    {
        await using var sink = SmtpSink.Start();
        var channel = Channel(sink.Url);

        for (var i = 0; i < 3; i++)
            await channel.SendAsync(Samples.Pending(Samples.Message($"m{i}")),
                CancellationToken.None);

        Assert.Equal(3, (await sink.WaitForMessagesAsync(3)).Count);
        Assert.Equal(1, sink.Connections);
    }

    [Fact]
    public async Task A_connection_the_smarthost_closed_meanwhile_is_replaced_without_a_failure()
    {
        var first = SmtpSink.Start();
        var port = first.Port;
        var channel = Channel(first.Url);
        await channel.SendAsync(Samples.Pending(Samples.Message("before")), CancellationToken.None);
        await first.DisposeAsync();

        await using var second = SmtpSink.Start(port: port);
        await channel.SendAsync(Samples.Pending(Samples.Message("after")), CancellationToken.None);

        Assert.Single(await second.WaitForMessagesAsync(1));
    }

    [Fact]
    public async Task Disposing_the_channel_closes_its_kept_connection_with_quit()
    {
        await using var sink = SmtpSink.Start();
        var channel = Channel(sink.Url);
        await channel.SendAsync(Samples.Pending(Samples.Message()), CancellationToken.None);
        await sink.WaitForMessagesAsync(1);
        Assert.Equal(0, sink.Quits);

        await channel.DisposeAsync();

        Assert.Equal(1, sink.Quits);
    }

    [Fact]
    public async Task An_idle_connection_is_closed_after_the_idle_limit()
    {
        await using var sink = SmtpSink.Start();
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var channel = Channel(sink.Url, clock);
        await channel.SendAsync(Samples.Pending(Samples.Message("a")), CancellationToken.None);

        clock.Advance(SmarthostConnections.IdleLimit);
        await channel.SendAsync(Samples.Pending(Samples.Message("b")), CancellationToken.None);

        Assert.Equal(2, (await sink.WaitForMessagesAsync(2)).Count);
        Assert.Equal(2, sink.Connections);
    }

    [Fact]
    public void A_built_alert_is_not_kept_alive_by_the_channel()
    {
        var channel = Channel(new Uri("smtp://127.0.0.1:25"));

        var alert = BuildAndForget(channel);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(alert.IsAlive, "the channel still references an alert it built");
    }

    [Theory]
    [InlineData("smtp://mx.example", 25)]
    [InlineData("smtp+starttls://mx.example", 587)]
    [InlineData("smtps://mx.example", 465)]
    [InlineData("smtps://u:secret@mx.example:2465", 2465)]
    public void Smarthost_url_gives_port_and_hides_credentials(string url, int port)
    {
        var endpoint = SmarthostEndpoint.Parse(new Uri(url));

        Assert.Equal(("mx.example", port), (endpoint.Host, endpoint.Port));
        Assert.DoesNotContain("secret", endpoint.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_scheme_is_refused_without_echoing_the_url()
    {
        var error = Assert.Throws<ArgumentException>(
            () => SmarthostEndpoint.Parse(new Uri("http://u:secret@mx.example")));

        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference BuildAndForget(EmailAlertChannel channel) =>
        new(channel.Build(Samples.Pending(Samples.Message())));

    private static EmailAlertChannel Channel(Uri smarthost, TimeProvider? time = null) => new(
        new AlertOptions("alert1-email", "email", Samples.Owner, AlertsFrom, smarthost),
        Samples.BoxHostname, time);
}
