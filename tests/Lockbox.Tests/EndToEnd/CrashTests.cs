using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Lockbox.Tests.EndToEnd;

/// <summary>
/// <c>kill -9</c> of the real server in the middle of concurrent senders: every message that
/// got its 250 must be there after a restart, whole, listed, readable and alerted.
/// </summary>
public sealed class CrashTests
{
    private const int Senders = 8;
    private const int AcknowledgedBeforeKill = 24;
    private const string QueuedPrefix = "250 2.0.0 OK queued as ";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Kill_9_among_8_senders_loses_no_acknowledged_message()
    {
        await using var sink = SmtpSink.Start();
        // the flood limit would sum most of these into one digest due minutes later; this test
        // is about every acknowledged message getting its own alert after a crash
        using var box = new TestBox(sink.Port, extraTables: "[flood]\nenabled = false\n");
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        var acknowledged = new ConcurrentDictionary<string, string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await using (var server = box.StartServe())
        {
            var port = await server.WaitForListeningPortAsync();
            var senders = Enumerable.Range(0, Senders)
                .Select(n => SendUntilCutAsync(port, n, acknowledged, enough))
                .ToList();

            // the kill lands while all eight are somewhere inside a transaction
            await enough.Task.WaitAsync(Wait);
            server.Signal("KILL");
            await server.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await Task.WhenAll(senders).WaitAsync(Wait);
        }

        await using var restarted = box.StartServe();
        await restarted.WaitForListeningPortAsync();
        var rows = (await box.RunAsync(null, "list")).Stdout
            .Select(line => line.Split("  "))
            .ToDictionary(row => row[0], row => row[4]);

        Assert.True(acknowledged.Count >= AcknowledgedBeforeKill);
        foreach (var (id, subject) in acknowledged)
        {
            Assert.True(rows.TryGetValue(id, out var listed), $"acknowledged {id} not listed");
            Assert.Equal(subject, listed);
        }

        // whole: every listed message (acknowledged or cut just before its 250) opens
        foreach (var (id, subject) in rows)
        {
            var read = await box.RunAsync(TestBox.WithPassphrase(), "read", id);
            Assert.True(read.ExitCode == 0, $"{id}: {read.StderrText}");
            Assert.Contains($"Subject: {subject}", read.Stdout);
            Assert.Contains($"body of {subject}", read.StdoutText, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(box.DataFolder, "incoming")));
        await AssertAlertedAsync(sink, acknowledged.Keys);
    }

    private static async Task AssertAlertedAsync(SmtpSink sink, ICollection<string> ids)
    {
        var missing = ids.ToHashSet();
        for (var seen = 0; missing.Count > 0; seen++)
        {
            // each round waits for one more alert than it has looked at; bounded by Wait
            var alerts = await sink.WaitForMessagesAsync(seen + 1, Wait);
            var text = MimeKit.MimeMessage.Load(new MemoryStream(alerts[seen].Data)).TextBody ?? "";
            missing.RemoveWhere(id => text.Contains(id, StringComparison.Ordinal));
        }
    }

    private static async Task SendUntilCutAsync(
        int port, int sender, ConcurrentDictionary<string, string> acknowledged,
        TaskCompletionSource enough)
    {
        try
        {
            await using var client = await RawSmtpClient.ConnectAsync("127.0.0.1", port);
            await client.CommandAsync($"EHLO sender{sender}.example");

            // bounded: the kill comes long before, and the box is limited to 1 MiB per message
            for (var n = 0; n < 1000; n++)
            {
                var subject = $"crash-{sender}-{n}";
                await client.CommandAsync($"MAIL FROM:<s{sender}@sender.example>");
                await client.CommandAsync($"RCPT TO:<{TestBox.RecoveryAddress}>");
                await client.CommandAsync("DATA");
                var reply = await client.CommandAsync(
                    $"Subject: {subject}\r\n\r\nbody of {subject}\r\n.");
                if (!reply.StartsWith(QueuedPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                acknowledged[reply[QueuedPrefix.Length..].Trim()] = subject;
                if (acknowledged.Count >= AcknowledgedBeforeKill)
                {
                    enough.TrySetResult();
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException
            or OperationCanceledException)
        {
            // the server was killed under this sender
        }
    }
}
