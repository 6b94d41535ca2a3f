namespace Lockbox.Tests.EndToEnd;

/// <summary>
/// SMTP smuggling and cut connections against the real server: a hidden second message never
/// becomes a message or an alert, and a message cut mid-DATA leaves nothing behind.
/// </summary>
public sealed class SmugglingTests
{
    private const string Hidden =
        "MAIL FROM:<ceo@bank.example>\r\nRCPT TO:<" + TestBox.RecoveryAddress + ">\r\nDATA\r\n"
        + "Subject: smuggled\r\n\r\nsmuggled body\r\n";

    public static TheoryData<string, string> FakeEnds => new()
    {
        { "lf dot crlf", "\n.\r\n" },
        { "lf dot lf", "\n.\n" },
        { "crlf dot lf", "\r\n.\n" },
        { "cr dot crlf", "\r.\r\n" },
        { "crlf dot cr", "\r\n.\r" },
    };

    [Theory]
    [MemberData(nameof(FakeEnds))]
    public async Task Smuggled_message_gets_one_reply_and_is_never_stored_or_alerted(
        string fault, string fakeEnd)
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var port = await server.WaitForListeningPortAsync();

        await using (var client = await RawSmtpClient.ConnectAsync("127.0.0.1", port))
        {
            await BeginDataAsync(client);
            await client.SendAsync(
                "Subject: first\r\n\r\nfirst" + fakeEnd + Hidden + ".\r\nQUIT\r\n");

            // exactly one final reply for the whole DATA, then the QUIT's
            Assert.StartsWith("550 5.6.11", await client.ReadReplyAsync(),
                StringComparison.Ordinal);
            Assert.StartsWith("221", await client.ReadReplyAsync(), StringComparison.Ordinal);
        }

        await AssertOnlyTheNextMessageArrivesAsync(box, sink, port, fault);
    }

    [Fact]
    public async Task Client_cut_mid_data_leaves_nothing_stored_and_no_alert()
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var port = await server.WaitForListeningPortAsync();

        await using (var client = await RawSmtpClient.ConnectAsync("127.0.0.1", port))
        {
            await BeginDataAsync(client);
            await client.SendAsync("Subject: cut\r\n\r\n" + new string('x', 200_000));
        }

        await AssertOnlyTheNextMessageArrivesAsync(box, sink, port, "after the cut");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(box.DataFolder, "incoming")));
    }

    // A plain message sent afterwards is the only one listed and the only one alerted: alerts
    // go out in order, so one for anything earlier would have come first.
    private static async Task AssertOnlyTheNextMessageArrivesAsync(
        TestBox box, SmtpSink sink, int port, string subject)
    {
        await EndToEndTests.SendSimpleAsync(port, TestBox.RecoveryAddress, subject);

        var alert = Assert.Single(await sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(20)));
        var text = MimeKit.MimeMessage.Load(new MemoryStream(alert.Data)).TextBody;
        Assert.Contains(subject, text, StringComparison.Ordinal);
        Assert.DoesNotContain("smuggled", text, StringComparison.Ordinal);
        var row = Assert.Single((await box.RunAsync(null, "list")).Stdout);
        Assert.EndsWith(subject, row, StringComparison.Ordinal);
        Assert.Single(sink.Messages);
    }

    private static async Task BeginDataAsync(RawSmtpClient client)
    {
        await client.CommandAsync("EHLO client.example");
        await client.CommandAsync("MAIL FROM:<sender@sender.example>");
        await client.CommandAsync($"RCPT TO:<{TestBox.RecoveryAddress}>");
        await client.CommandAsync("DATA");
    }
}
