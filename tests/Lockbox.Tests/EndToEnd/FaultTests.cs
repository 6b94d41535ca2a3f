
namespace Lockbox.Tests.EndToEnd;

/// <summary>Storage faults and crashes: nothing acknowledged is lost, nothing unstored is 250.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task A_storage_failure_answers_451_and_stores_nothing()
    {
        using var box = new TestBox(smarthostPort: 9);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);

        // a file where the vault expects its messages folder makes every commit fail
        await File.WriteAllTextAsync(Path.Combine(box.DataFolder, "messages"), "not a folder");
        await using var server = box.StartServe();
        var port = await server.WaitForListeningPortAsync();

        await using var client = await RawSmtpClient.ConnectAsync("127.0.0.1", port);
        await client.CommandAsync("EHLO client.example");
        await client.CommandAsync("MAIL FROM:<sender@sender.example>");
        await client.CommandAsync($"RCPT TO:<{TestBox.RecoveryAddress}>");
        Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        var reply = await client.CommandAsync("Subject: fails\r\n\r\nbody\r\n.");

        Assert.StartsWith("451 4.3.0", reply, StringComparison.Ordinal);
        Assert.Empty((await box.RunAsync(null, "list")).Stdout);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(box.DataFolder, "incoming")));
    }

    [Fact]
    public async Task A_pending_alert_survives_a_kill_and_is_sent_after_restart()
    {
        // the smarthost is down while the message arrives
        using var box = new TestBox(SmtpSink.FreePort());
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using (var first = box.StartServe())
        {
            var port = await first.WaitForListeningPortAsync();
            await EndToEndTests.SendSimpleAsync(port, TestBox.RecoveryAddress, "while down");
            first.Signal("KILL");
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        // the smarthost comes back on the configured port; a restart sends what was pending
        await using var sink = SmtpSink.Start(port: box.SmarthostPort);
        await using var second = box.StartServe();
        await second.WaitForListeningPortAsync();

        var alert = Assert.Single(await sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(20)));
        Assert.Contains("while down", System.Text.Encoding.UTF8.GetString(alert.Data),
            StringComparison.Ordinal);
    }
}
