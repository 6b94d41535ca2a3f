using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Lockbox.Tests.EndToEnd;

/// <summary>
/// The built program as a black box: init, serve on port 0, a real client sends, the alert
/// reaches a real SMTP sink, and list and read show the message.
/// </summary>
public sealed class EndToEndTests
{
    private static readonly TimeSpan AlertWait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Init_creates_the_key_pair_once_and_refuses_to_replace_it()
    {
        using var box = new TestBox(smarthostPort: 9);

        var first = await box.InitAsync();
        var second = await box.InitAsync();

        Assert.Equal(0, first.ExitCode);
        Assert.Contains(first.Stdout, line =>
            line.StartsWith("public key: age1", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(box.DataFolder, "box.key.age")));
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("already exists", second.StderrText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_refuses_a_short_passphrase_and_creates_no_key()
    {
        using var box = new TestBox(smarthostPort: 9);

        var init = await box.RunAsync(
            TestBox.WithPassphrase("fifteen chars!!"), "init", "--work-factor", "10");

        Assert.Equal(2, init.ExitCode);
        Assert.Contains("shorter than 16 characters", Assert.Single(init.Stderr),
            StringComparison.Ordinal);
        Assert.DoesNotContain("fifteen", init.StderrText, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(box.DataFolder, "box.key.age")));
    }

    [Fact]
    public async Task Init_without_passphrase_prints_a_generated_one_that_unlocks_the_box()
    {
        using var box = new TestBox(smarthostPort: 9);

        var init = await box.RunAsync(null, "init", "--work-factor", "10");

        Assert.Equal(0, init.ExitCode);
        var line = Assert.Single(init.Stdout, l =>
            l.StartsWith("passphrase: ", StringComparison.Ordinal));
        var words = line["passphrase: ".Length..].Split('-');
        Assert.True(words.Length >= 10, "ten words of 12.9 bits each make at least 128 bits");
        Assert.Empty(init.Stderr);
    }

    [Fact]
    public async Task A_message_is_sealed_alerted_without_content_listed_and_read_back()
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var port = await server.WaitForListeningPortAsync();

        var marker = "MARKER-" + Guid.NewGuid().ToString("N");
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Example Bank", "no-reply@bank.example"));
        message.To.Add(MailboxAddress.Parse(TestBox.RecoveryAddress));
        message.Subject = "Reset your password";
        message.Headers.Add("X-Secret-Token", marker);
        message.Body = new TextPart("plain") { Text = $"Your reset code is {marker}.\n" };
        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            await client.SendAsync(message);
            await client.DisconnectAsync(true);
        }

        // the alert: who, which address, the id; never the body or other headers
        var alert = Assert.Single(await sink.WaitForMessagesAsync(1, AlertWait));
        var alertText = Encoding.UTF8.GetString(alert.Data);
        Assert.Equal([TestBox.OwnerAddress], alert.Recipients);
        Assert.DoesNotContain(marker, alertText, StringComparison.Ordinal);
        var parsedAlert = MimeMessage.Load(new MemoryStream(alert.Data));
        Assert.Contains("Reset your password", parsedAlert.TextBody, StringComparison.Ordinal);
        Assert.Contains(TestBox.RecoveryAddress, parsedAlert.TextBody, StringComparison.Ordinal);
        Assert.Equal("auto-generated", parsedAlert.Headers["Auto-Submitted"]);

        // list: one line, the id read takes
        var list = await box.RunAsync(null, "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Empty(list.Stderr);
        var row = Assert.Single(list.Stdout).Split("  ");
        Assert.Equal(5, row.Length);
        Assert.Equal(TestBox.RecoveryAddress, row[2]);
        Assert.Contains("<no-reply@bank.example>", row[3], StringComparison.Ordinal);
        Assert.Equal("Reset your password", row[4]);
        Assert.Contains(row[0], parsedAlert.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, list.StdoutText, StringComparison.Ordinal);

        // nothing in the data folder holds the body or the secret header in the clear
        foreach (var file in Directory.EnumerateFiles(box.DataFolder, "*",
            SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(Encoding.Latin1.GetString(bytes).Contains(marker,
                StringComparison.Ordinal),
                $"{file} holds the marker in the clear");
        }

        // read: headers and text for a person
        var read = await box.RunAsync(TestBox.WithPassphrase(), "read", row[0]);
        Assert.Equal(0, read.ExitCode);
        Assert.Contains("Subject: Reset your password", read.Stdout);
        Assert.Contains($"Your reset code is {marker}.", read.StdoutText, StringComparison.Ordinal);

        // the server's own output and logs never carry the content
        Assert.DoesNotContain(marker, string.Join('\n', server.StdoutLines),
            StringComparison.Ordinal);
        Assert.DoesNotContain(marker, string.Join('\n', server.StderrLines),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_raw_returns_the_trace_header_and_exactly_the_bytes_sent()
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var port = await server.WaitForListeningPortAsync();

        // a line starting with a dot is stuffed on the wire and must come back unstuffed
        var sent = "From: a@sender.example\r\nTo: x@elsewhere.example\r\nSubject: raw\r\n\r\n"
                   + ".leading dot\r\n..two dots\r\nlast line without dot\r\n";
        await using (var client = await RawSmtpClient.ConnectAsync("127.0.0.1", port))
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"),
                StringComparison.Ordinal);
            Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<a@sender.example>"),
                StringComparison.Ordinal);
            Assert.StartsWith("250",
                await client.CommandAsync($"RCPT TO:<{TestBox.RecoveryAddress}>"),
                StringComparison.Ordinal);
            Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
            var stuffed = sent.Replace("\r\n.", "\r\n..", StringComparison.Ordinal);
            Assert.StartsWith("250 2.0.0", await client.CommandAsync(stuffed + "."),
                StringComparison.Ordinal);
        }

        var id = Assert.Single((await box.RunAsync(null, "list")).Stdout).Split("  ")[0];
        var (exitCode, raw, stderr) = await LockboxProcess.RunBinaryAsync(box.Folder,
            TestBox.WithPassphrase(), "read", "--raw", id, "--config", box.ConfigPath);

        Assert.Equal(0, exitCode);

        // stderr carries only the read's log line: the id and the outcome
        Assert.Contains($"read recorded: message {id} outcome opened",
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)),
            StringComparison.Ordinal);
        var text = Encoding.Latin1.GetString(raw);
        Assert.StartsWith("Received: from client.example ([127.0.0.1])", text,
            StringComparison.Ordinal);
        var afterTrace = text.IndexOf("\r\nFrom: ", StringComparison.Ordinal) + 2;
        Assert.Equal(sent, text[afterTrace..]);
    }

    [Fact]
    public async Task A_wrong_passphrase_exits_1_and_an_unknown_id_exits_3()
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var port = await server.WaitForListeningPortAsync();
        await SendSimpleAsync(port, TestBox.RecoveryAddress, "hello");
        var id = Assert.Single((await box.RunAsync(null, "list")).Stdout).Split("  ")[0];

        var wrong = await box.RunAsync(TestBox.WithPassphrase("not the passphrase"), "read", id);
        var missing = await box.RunAsync(TestBox.WithPassphrase(), "read",
            "20200101-000000-00000000");

        Assert.Equal(1, wrong.ExitCode);
        // the read is logged (id and outcome), then the one error line
        Assert.Equal("lockbox: wrong passphrase", wrong.Stderr[^1]);
        Assert.Equal(2, wrong.Stderr.Count);
        Assert.Contains($"read recorded: message {id} outcome wrong-passphrase",
            wrong.Stderr[0], StringComparison.Ordinal);
        Assert.DoesNotContain("not the passphrase", wrong.StderrText, StringComparison.Ordinal);
        Assert.Empty(wrong.Stdout);
        Assert.Equal(3, missing.ExitCode);
        Assert.StartsWith("lockbox: no message with id", missing.Stderr[^1],
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_stops_on_sigterm_within_5_seconds_with_exit_0()
    {
        using var box = new TestBox(smarthostPort: 9);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        await server.WaitForListeningPortAsync();

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        server.Signal("TERM");
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, exitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5));
    }

    internal static async Task SendSimpleAsync(int port, string recipient, string subject)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("sender@sender.example"));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "body\n" };
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }
}
