using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Data.Sqlite;
using MimeKit;

namespace Lockbox.Tests.EndToEnd;

/// <summary>
/// The built program as a black box: every <c>lockbox read</c> is recorded in the index and a
/// running <c>serve</c> (another process) sends its alert through the real SMTP sink, naming
/// the id, the outcome and the user, never the message.
/// </summary>
public sealed class ReadAuditTests
{
    private static readonly TimeSpan AlertWait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Opened_read_is_alerted_by_the_running_serve_without_the_message()
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var marker = await SendMarkedAsync(await server.WaitForListeningPortAsync());
        await sink.WaitForMessagesAsync(1, AlertWait);
        var id = Assert.Single((await box.RunAsync(null, "list")).Stdout).Split("  ")[0];

        var read = await box.RunAsync(TestBox.WithPassphrase(), "read", id);

        Assert.Equal(0, read.ExitCode);
        Assert.Contains(marker, read.StdoutText, StringComparison.Ordinal);
        Assert.Contains($"read recorded: message {id} outcome opened",
            Assert.Single(read.Stderr), StringComparison.Ordinal);

        var alert = await NthAlertAsync(sink, 2);
        Assert.Equal([TestBox.OwnerAddress], sink.Messages[1].Recipients);
        Assert.NotNull(alert.Subject);
        Assert.StartsWith($"Message {id} was opened on mx.recovery.example at 20", alert.Subject,
            StringComparison.Ordinal);
        Assert.EndsWith($"by user {Environment.UserName}", alert.Subject,
            StringComparison.Ordinal);
        Assert.Equal("read opened", alert.Headers["X-Lockbox-Event"]);
        AssertWithoutMessage(alert, marker);

        // `alerts` lists the read's delivery beside the message's, both sent
        var lines = (await box.RunAsync(null, "alerts")).Stdout;
        Assert.Equal(2, lines.Count);
        Assert.StartsWith($"2  {id}  alert1-email  ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("read opened", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_passphrase_is_alerted_and_an_unrecordable_read_shows_nothing()
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var marker = await SendMarkedAsync(await server.WaitForListeningPortAsync());
        await sink.WaitForMessagesAsync(1, AlertWait);
        var id = Assert.Single((await box.RunAsync(null, "list")).Stdout).Split("  ")[0];

        var wrong = await box.RunAsync(TestBox.WithPassphrase("guess-" + marker), "read", id);

        Assert.Equal(1, wrong.ExitCode);
        Assert.Equal("lockbox: wrong passphrase", wrong.Stderr[^1]);
        var alert = await NthAlertAsync(sink, 2);
        Assert.StartsWith($"A wrong passphrase was tried for message {id} on mx.recovery.example",
            alert.Subject, StringComparison.Ordinal);
        Assert.Contains("Read:     wrong passphrase", alert.TextBody, StringComparison.Ordinal);
        AssertWithoutMessage(alert, marker);

        // the index refuses the record: the right passphrase then shows nothing
        await RefuseReadsAsync(Path.Combine(box.DataFolder, "lockbox.db"));
        var refused = await box.RunAsync(TestBox.WithPassphrase(), "read", id);

        Assert.Equal(2, refused.ExitCode);
        Assert.Empty(refused.Stdout);
        Assert.Equal("lockbox: cannot record this read in the index (sqlite error 19), so "
            + "nothing is shown", Assert.Single(refused.Stderr));
    }

    private static async Task<MimeMessage> NthAlertAsync(SmtpSink sink, int count)
    {
        var alerts = await sink.WaitForMessagesAsync(count, AlertWait);
        return MimeMessage.Load(new MemoryStream(alerts[count - 1].Data));
    }

    private static void AssertWithoutMessage(MimeMessage alert, string marker)
    {
        var whole = alert.ToString();
        Assert.DoesNotContain(marker, whole, StringComparison.Ordinal);
        Assert.DoesNotContain("Reset your password", whole, StringComparison.Ordinal);
        Assert.DoesNotContain("bank.example", whole, StringComparison.Ordinal);
    }

    // a trigger stands in for a full disk or a read-only index, and works under root too
    private static async Task RefuseReadsAsync(string database)
    {
        await using var connection = new SqliteConnection(
            $"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TRIGGER refuse_reads BEFORE INSERT ON reads
            BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
            """;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> SendMarkedAsync(int port)
    {
        var marker = "MARKER-" + Guid.NewGuid().ToString("N");
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Example Bank", "no-reply@bank.example"));
        message.To.Add(MailboxAddress.Parse(TestBox.RecoveryAddress));
        message.Subject = "Reset your password";
        message.Body = new TextPart("plain") { Text = $"Your reset code is {marker}.\n" };
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
        return marker;
    }
}
