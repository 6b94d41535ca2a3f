namespace Lockbox.Tests.EndToEnd;

/// <summary><c>lockbox alerts</c> against a running box: one line per delivery with its state
/// and last error, as an error class only.</summary>
public sealed class AlertsCommandTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Shows_a_sent_and_a_failing_delivery_with_its_last_error()
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var port = await server.WaitForListeningPortAsync();

        await EndToEndTests.SendSimpleAsync(port, TestBox.RecoveryAddress, "first");
        await sink.WaitForMessagesAsync(1, Wait);
        sink.RejectNext(1000, "451 4.3.0 smarthost-text-never-shown");
        await EndToEndTests.SendSimpleAsync(port, TestBox.RecoveryAddress, "second");

        var lines = await WaitForAsync(box, lines => lines.Any(l => l.Contains(" failing ",
            StringComparison.Ordinal)));

        Assert.Equal(2, lines.Count);
        var sent = lines[0].Split("  ");
        Assert.Equal(("alert1-email", "sent", "attempts 1"), (sent[2], sent[3], sent[4]));
        Assert.StartsWith("sent 20", sent[5], StringComparison.Ordinal);
        var failing = lines[1].Split("  ");
        Assert.Equal(("alert1-email", "failing"), (failing[2], failing[3]));
        Assert.StartsWith("next 20", failing[5], StringComparison.Ordinal);
        Assert.Equal("last error: smtp 451", failing[^1]);
        Assert.DoesNotContain("never-shown", string.Join('\n', lines), StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<string>> WaitForAsync(
        TestBox box, Func<IReadOnlyList<string>, bool> done)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var result = await box.RunAsync(null, "alerts");
            Assert.Equal(0, result.ExitCode);
            if (done(result.Stdout) || DateTime.UtcNow > deadline)
                return result.Stdout;
        }
    }
}
