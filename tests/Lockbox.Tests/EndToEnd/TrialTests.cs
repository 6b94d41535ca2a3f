
namespace Lockbox.Tests.EndToEnd;

/// <summary>The README's first command: <c>lockbox serve</c> with no config anywhere.</summary>
public sealed class TrialTests
{
    [Fact]
    public async Task Serve_without_config_runs_the_trial_that_send_test_list_and_read_use()
    {
        using var folder = new TempFolder();
        await using (var server = LockboxProcess.Start(folder.Path, null, "serve"))
        {
            await server.WaitForListeningPortAsync();
            await server.WaitForStdoutAsync(line =>
                line.Contains("send-test", StringComparison.Ordinal));

            var sent = await LockboxProcess.RunAsync(folder.Path, null, "send-test");
            Assert.Equal(0, sent.ExitCode);

            // the console alert prints on the server's stdout
            await server.WaitForStdoutAsync(
                line => line.Contains("test@recovery.localhost", StringComparison.Ordinal));
            server.Signal("TERM");
            Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(5)));
        }

        Assert.True(File.Exists(Path.Combine(folder.Path, "lockbox-data", "lockbox.toml")));
        var list = await LockboxProcess.RunAsync(folder.Path, null, "list");
        var row = Assert.Single(list.Stdout).Split("  ");
        Assert.Equal("test@recovery.localhost", row[2]);
        Assert.Equal("Lockbox test message", row[4]);

        // a restart of the trial can still read: its passphrase is kept with the trial data
        var read = await LockboxProcess.RunAsync(folder.Path, null, "read", row[0]);
        Assert.Equal(0, read.ExitCode);
        Assert.Contains("Subject: Lockbox test message", read.Stdout);
        Assert.Contains("lockbox send-test", read.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trial_offers_starttls_with_its_own_self_signed_certificate()
    {
        using var folder = new TempFolder();
        await using var server = LockboxProcess.Start(folder.Path, null, "serve");
        var port = await server.WaitForListeningPortAsync();

        var sent = await RealClientTests.RunPythonAsync(
            port, "starttls", "someone@recovery.localhost", "over tls");

        Assert.True(sent.ExitCode == 0, sent.StderrText);
        Assert.Contains("sent", sent.Stdout);
        Assert.Contains(sent.Stdout,
            line => line.StartsWith("tls TLSv1.", StringComparison.Ordinal));
        var key = Path.Combine(folder.Path, "lockbox-data", "tls", "key.pem");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
                File.GetUnixFileMode(key));
        }
    }

    [Fact]
    public async Task A_second_trial_moves_to_the_next_free_port_and_send_test_follows_it()
    {
        using var folder = new TempFolder();
        await using var first = LockboxProcess.Start(folder.Path, null, "serve");
        var firstPort = await first.WaitForListeningPortAsync();
        first.Signal("TERM");
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(5)));

        // something else takes the trial's port meanwhile
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback,
            firstPort);
        squatter.Start();
        await using var second = LockboxProcess.Start(folder.Path, null, "serve");
        var secondPort = await second.WaitForListeningPortAsync();
        var sent = await LockboxProcess.RunAsync(folder.Path, null, "send-test");

        Assert.NotEqual(firstPort, secondPort);
        Assert.Equal(0, sent.ExitCode);
        squatter.Stop();
    }
}
