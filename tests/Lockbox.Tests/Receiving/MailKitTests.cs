using System.Text;
using Lockbox.Tests.Receiving.Support;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Lockbox.Tests.Receiving;

public sealed class MailKitTests
{
    private const string Body = "Your code is 123456.\r\n.leading dot\r\n..two dots\r\n.\r\nend";

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task MailKit_message_to_cc_and_bcc_is_stored_byte_for_byte(
        bool startTls, bool chunking)
    {
        await using var server = await TestServer.StartAsync(
            o => o with { TlsCertificate = () => TestCertificate.Context });
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("service@sender.example"));
        message.To.Add(MailboxAddress.Parse("alias@recovery.example"));
        message.Cc.Add(MailboxAddress.Parse("other@recovery.example"));
        message.Bcc.Add(MailboxAddress.Parse("hidden@recovery.example"));
        message.Subject = "Secret subject";
        message.Body = new TextPart("plain") { Text = Body };

        using var transcript = new MemoryStream();
        using (var smtp = chunking
            ? new ChunkingSmtpClient(new ProtocolLogger(transcript, leaveOpen: true))
            : new SmtpClient(new ProtocolLogger(transcript, leaveOpen: true)))
        {
            using var deadline = new CancellationTokenSource(RawClient.Timeout);
            smtp.ServerCertificateValidationCallback =
                (_, presented, _, _) => TestCertificate.IsTestCertificate(presented);
            var security = startTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
            await smtp.ConnectAsync(
                server.Endpoint.Address.ToString(), server.Endpoint.Port, security, deadline.Token);
            await smtp.SendAsync(message, deadline.Token);
            await smtp.DisconnectAsync(quit: true, deadline.Token);
        }

        var wire = Encoding.UTF8.GetString(transcript.ToArray());
        Assert.Equal(chunking, wire.Contains("C: BDAT ", StringComparison.Ordinal));
        var stored = Assert.Single(server.Intake.Stored);
        Assert.Equal(
            ["alias@recovery.example", "other@recovery.example", "hidden@recovery.example"],
            stored.Envelope.Recipients);
        Assert.Equal("service@sender.example", stored.Envelope.ReversePath);
        Assert.Equal(startTls ? "ESMTPS" : "ESMTP", stored.Envelope.Protocol);
        Assert.Equal(Expected(message), Encoding.UTF8.GetString(stored.Bytes));
        var parsed = MimeMessage.Load(new MemoryStream(stored.Bytes));
        Assert.Equal(Body.ReplaceLineEndings(), parsed.TextBody?.ReplaceLineEndings().TrimEnd());
        Assert.Empty(parsed.Bcc);
        AssertLogsRevealNothing(server);
    }

    /// <summary>MailKit uses BDAT only for binary parts unless told to prefer it.</summary>
    private sealed class ChunkingSmtpClient(IProtocolLogger logger) : SmtpClient(logger)
    {
        protected override bool PreferSendAsBinaryData => true;
    }

    // What MailKit puts on the wire before dot-stuffing: CRLF lines, Bcc hidden, and a final
    // CRLF it adds when the message does not end with one (RFC 5321 §4.1.1.4).
    private static string Expected(MimeMessage message)
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        options.HiddenHeaders.Add(HeaderId.Bcc);
        options.HiddenHeaders.Add(HeaderId.ResentBcc);
        using var bytes = new MemoryStream();
        message.WriteTo(options, bytes);
        var text = Encoding.UTF8.GetString(bytes.ToArray());
        return text.EndsWith("\r\n", StringComparison.Ordinal) ? text : text + "\r\n";
    }

    private static void AssertLogsRevealNothing(TestServer server)
    {
        Assert.NotEmpty(server.Logger.Lines);
        foreach (var line in server.Logger.Lines)
        {
            Assert.DoesNotContain("@", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Secret", line, StringComparison.Ordinal);
            Assert.DoesNotContain("123456", line, StringComparison.Ordinal);
        }
    }
}
