using System.Diagnostics;
using System.Text;
using Lockbox.Tests.Authenticating;
using MimeKit;

namespace Lockbox.Tests.EndToEnd;

/// <summary>
/// The built program receives over real SMTP from 127.0.0.1, checks the sender against its
/// fake DNS server, and the email alert the sink receives carries the verdict in plain words.
/// </summary>
public sealed class SenderCheckTests
{
    private static readonly TimeSpan AlertWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Genuine_signed_mail_from_an_expected_sender_is_alerted_as_authenticated()
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port, expect: "expect = [\"bank.example\"]");
        Publish(box.Dns);
        var wire = TestSigners.Wire(TestSigners.Sign(TestSigners.Message("alerts@bank.example"),
            TestSigners.RsaSigner("bank.example", "sel1")));

        var alert = await SendAndReadAlertAsync(box, sink, "bounces@bank.example", wire);

        Assert.Contains("Sender check: bank.example — DKIM pass, SPF pass, DMARC pass; "
            + $"expected sender for {TestBox.RecoveryAddress}\n", alert, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_from_is_alerted_as_not_authenticated_and_unexpected()
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port, expect: "expect = [\"bank.example\"]");
        Publish(box.Dns);
        var wire = TestSigners.Wire(TestSigners.Message("alerts@bank.example"));

        var alert = await SendAndReadAlertAsync(box, sink, "x@evil.example", wire);

        Assert.Contains("Sender check: NOT authenticated: DMARC fail (no aligned SPF or DKIM "
            + "pass) — bank.example: DKIM none, SPF fail (evil.example); NOT an expected, "
            + $"authenticated sender for {TestBox.RecoveryAddress}\n", alert,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hanging_dns_still_accepts_and_alerts_within_the_budget_with_temperror()
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port);
        box.Dns.Silent = true;
        var wire = TestSigners.Wire(TestSigners.Sign(TestSigners.Message("alerts@bank.example"),
            TestSigners.RsaSigner("bank.example", "sel1")));

        var timer = Stopwatch.StartNew();
        var alert = await SendAndReadAlertAsync(box, sink, "bounces@bank.example", wire);

        Assert.Contains("Sender check: NOT verified (try reading later): DMARC temperror",
            alert, StringComparison.Ordinal);
        Assert.Contains("DKIM temperror, SPF temperror\n", alert, StringComparison.Ordinal);

        // the 5 s budget, plus start-up and delivery; far below any sender's DATA timeout
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(25), $"took {timer.Elapsed}");
    }

    private static void Publish(FakeDnsServer dns) =>
        dns.Txt("bank.example", "v=spf1 ip4:127.0.0.1 -all")
            .Txt("_dmarc.bank.example", "v=DMARC1; p=reject")
            .Txt("sel1._domainkey.bank.example", TestSigners.RsaKeyRecord)
            .Txt("evil.example", "v=spf1 ip4:192.0.2.66 -all");

    /// <summary>Sends the exact bytes over raw SMTP (so no client re-encodes what DKIM signed)
    /// and returns the text of the one alert the sink receives.</summary>
    private static async Task<string> SendAndReadAlertAsync(
        TestBox box, SmtpSink sink, string reversePath, byte[] wire)
    {
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var port = await server.WaitForListeningPortAsync();

        await using (var client = await RawSmtpClient.ConnectAsync("127.0.0.1", port))
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO mta.bank.example"),
                StringComparison.Ordinal);
            Assert.StartsWith("250", await client.CommandAsync($"MAIL FROM:<{reversePath}>"),
                StringComparison.Ordinal);
            Assert.StartsWith("250", await client.CommandAsync(
                $"RCPT TO:<{TestBox.RecoveryAddress}>"), StringComparison.Ordinal);
            Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
            Assert.DoesNotContain("\n.", Encoding.ASCII.GetString(wire), StringComparison.Ordinal);
            await client.SendAsync(wire);
            Assert.StartsWith("250", await client.CommandAsync("."), StringComparison.Ordinal);
            await client.CommandAsync("QUIT");
        }

        var alert = Assert.Single(await sink.WaitForMessagesAsync(1, AlertWait));
        using var parsed = MimeMessage.Load(new MemoryStream(alert.Data));
        return (parsed.TextBody ?? "").ReplaceLineEndings("\n");
    }
}
