using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Lockbox.Tests.EndToEnd;

/// <summary>The envelope decides: only configured addresses, never a relay, Bcc counts.</summary>
public sealed class RecipientTests
{
    [Theory]
    [InlineData("someone-else@recovery.example", "550 5.1.1")]
    [InlineData("LASTPASS-7F3K@RECOVERY.EXAMPLE", "250 2.1.5")]
    [InlineData("victim@elsewhere.example", "554 5.7.1")]
    [InlineData("lastpass-7f3k@recovery.example.evil.example", "554 5.7.1")]
    public async Task Rcpt_to_is_decided_by_the_configured_addresses(string rcpt, string expected)
    {
        using var box = new TestBox(smarthostPort: 9);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var port = await server.WaitForListeningPortAsync();

        await using var client = await RawSmtpClient.ConnectAsync("127.0.0.1", port);
        await client.CommandAsync("EHLO client.example");
        await client.CommandAsync("MAIL FROM:<sender@sender.example>");
        var reply = await client.CommandAsync($"RCPT TO:<{rcpt}>");

        Assert.StartsWith("220 mx.recovery.example", client.Greeting, StringComparison.Ordinal);
        Assert.StartsWith(expected, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_to_header_naming_the_box_does_not_make_a_relay_acceptable()
    {
        using var box = new TestBox(smarthostPort: 9);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var port = await server.WaitForListeningPortAsync();

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("sender@sender.example"));
        message.To.Add(MailboxAddress.Parse(TestBox.RecoveryAddress));
        message.Subject = "relay attempt";
        message.Body = new TextPart("plain") { Text = "x\n" };
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(
            message, MailboxAddress.Parse("sender@sender.example"),
            [MailboxAddress.Parse("victim@elsewhere.example")]));

        Assert.Equal(554, (int)refused.StatusCode);
        Assert.Empty((await box.RunAsync(null, "list")).Stdout);
    }

    [Fact]
    public async Task A_recovery_address_only_in_the_envelope_is_accepted_and_alerted()
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var port = await server.WaitForListeningPortAsync();

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("sender@sender.example"));
        message.To.Add(MailboxAddress.Parse("someone@elsewhere.example"));
        message.Bcc.Add(MailboxAddress.Parse(TestBox.RecoveryAddress));
        message.Subject = "blind copy";
        message.Body = new TextPart("plain") { Text = "x\n" };
        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            await client.SendAsync(message, MailboxAddress.Parse("sender@sender.example"),
                [MailboxAddress.Parse(TestBox.RecoveryAddress)]);
            await client.DisconnectAsync(true);
        }

        var alert = Assert.Single(await sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(20)));
        Assert.Contains(TestBox.RecoveryAddress, Encoding.UTF8.GetString(alert.Data),
            StringComparison.Ordinal);
        var row = Assert.Single((await box.RunAsync(null, "list")).Stdout).Split("  ");
        Assert.Equal(TestBox.RecoveryAddress, row[2]);
        Assert.Equal("blind copy", row[4]);
    }
}
