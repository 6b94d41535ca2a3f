using System.Globalization;
using System.Text;

namespace Lockbox.Tests.EndToEnd;

/// <summary>
/// Memory of the real server process while it refuses something huge: the peak resident set
/// (VmHWM) must grow far less than the input. Loose bounds; the benchmark measures the real
/// figure.
/// </summary>
public sealed class MemoryTests
{
    private const long MiB = 1024 * 1024;

    [SkippableTheory]
    [InlineData("data")]
    [InlineData("bdat")]
    public async Task A_30_MiB_message_against_a_25_MiB_limit_gets_552_with_memory_far_below_it(
        string command)
    {
        using var box = new TestBox(smarthostPort: 9, maxMessageSize: "25MiB");
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var port = await server.WaitForListeningPortAsync();
        await using var client = await RawSmtpClient.ConnectAsync("127.0.0.1", port);
        await client.CommandAsync("EHLO client.example");
        var baseline = await WarmUpAndResetPeakAsync(server.Id, client);

        await client.CommandAsync("MAIL FROM:<sender@sender.example>");
        await client.CommandAsync($"RCPT TO:<{TestBox.RecoveryAddress}>");
        var block = Encoding.ASCII.GetBytes(
            string.Concat(Enumerable.Repeat(new string('x', 1022) + "\r\n", 1024)));
        if (command == "data")
        {
            Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        }
        else
        {
            await client.SendAsync($"BDAT {30 * block.Length + 5} LAST\r\n");
        }

        for (var i = 0; i < 30; i++)
        {
            await client.SendAsync(block);
        }

        var reply = command == "data"
            ? await client.CommandAsync("Subject: big\r\n\r\nend\r\n.")
            : await client.CommandAsync("end");
        var peak = ReadStatus(server.Id, "VmHWM");

        Assert.StartsWith("552 5.3.4", reply, StringComparison.Ordinal);
        Assert.True(peak - baseline < 12 * MiB,
            $"peak resident memory grew by {(peak - baseline) / MiB} MiB for a 30 MiB message");
        var row = Assert.Single((await box.RunAsync(null, "list")).Stdout);
        Assert.EndsWith("warm", row, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_10_MB_command_line_gets_500_with_bounded_memory()
    {
        using var box = new TestBox(smarthostPort: 9);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using var server = box.StartServe();
        var port = await server.WaitForListeningPortAsync();
        await using var client = await RawSmtpClient.ConnectAsync("127.0.0.1", port);
        await client.CommandAsync("EHLO client.example");
        var baseline = await WarmUpAndResetPeakAsync(server.Id, client);

        var block = Encoding.ASCII.GetBytes(new string('A', (int)MiB));
        for (var i = 0; i < 10; i++)
        {
            await client.SendAsync(block);
        }

        var reply = await client.CommandAsync("");
        var peak = ReadStatus(server.Id, "VmHWM");

        Assert.StartsWith("500 5.5.2", reply, StringComparison.Ordinal);
        Assert.True(peak - baseline < 6 * MiB,
            $"peak resident memory grew by {(peak - baseline) / MiB} MiB for a 10 MB line");
        Assert.StartsWith("250", await client.CommandAsync("NOOP"), StringComparison.Ordinal);
    }

    // One ordinary message first, so JIT, SQLite and the age code are loaded before the
    // measurement; then the kernel's peak counter is reset to the current resident set.
    private static async Task<long> WarmUpAndResetPeakAsync(int pid, RawSmtpClient client)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "VmHWM is read from /proc on Linux");
        await client.CommandAsync("MAIL FROM:<sender@sender.example>");
        await client.CommandAsync($"RCPT TO:<{TestBox.RecoveryAddress}>");
        await client.CommandAsync("DATA");
        Assert.StartsWith("250", await client.CommandAsync("Subject: warm\r\n\r\nup\r\n."),
            StringComparison.Ordinal);

        try
        {
            await File.WriteAllTextAsync($"/proc/{pid}/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Skip.If(true, $"cannot reset the peak resident set of the server: {e.Message}");
        }

        return ReadStatus(pid, "VmRSS");
    }

    private static long ReadStatus(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status")
            .Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        var kilobytes = line[(field.Length + 1)..].Trim().Split(' ')[0];
        return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }
}
