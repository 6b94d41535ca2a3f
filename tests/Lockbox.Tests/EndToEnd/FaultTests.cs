
namespace Lockbox.Tests.EndToEnd;

/// <summary>Storage faults and crashes: nothing acknowledged is lost, nothing unstored is
/// 250.</summary>
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

    [SkippableFact]
    public async Task A_full_disk_answers_452_and_serving_resumes_once_space_returns()
    {
        using var disk = TmpfsMount.TryCreate(4 * 1024 * 1024, out var reason);
        Skip.If(disk is null, reason);
        using var box = new TestBox(smarthostPort: 9, storagePath: disk.Path);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var port = await server.WaitForListeningPortAsync();
        await using var client = await RawSmtpClient.ConnectAsync("127.0.0.1", port);
        await client.CommandAsync("EHLO client.example");

        var filler = disk.Fill();
        var whenFull = await SendAsync(client, "while full", new string('x', 200 * 1024));
        Assert.StartsWith("250", await client.CommandAsync("NOOP"), StringComparison.Ordinal);
        File.Delete(filler);
        var afterwards = await SendAsync(client, "space is back", "short");

        Assert.StartsWith("452 4.3.1", whenFull, StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0", afterwards, StringComparison.Ordinal);
        var row = Assert.Single((await box.RunAsync(null, "list")).Stdout);
        Assert.EndsWith("space is back", row, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(box.DataFolder, "incoming")));
    }

    private static async Task<string> SendAsync(RawSmtpClient client, string subject, string body)
    {
        await client.CommandAsync("MAIL FROM:<sender@sender.example>");
        await client.CommandAsync($"RCPT TO:<{TestBox.RecoveryAddress}>");
        Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        return await client.CommandAsync($"Subject: {subject}\r\n\r\n{body}\r\n.");
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
