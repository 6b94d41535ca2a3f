using System.Diagnostics;

namespace Lockbox.Tests.Vault.Age;

/// <summary>
/// Runs Debian's age 1.1.1 tools with a bounded time. age reads passphrases only from a
/// terminal, so those runs go through a small python pty driver that answers each prompt;
/// the passphrase travels in the environment, never on a command line or in output.
/// </summary>
internal static class AgeCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private const string PtyDriver = """
        import os, pty, select, sys, time
        secret = os.environ.pop("LOCKBOX_TEST_PASSPHRASE").encode()
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp(sys.argv[1], sys.argv[1:])
        seen, answered, deadline = b"", 0, time.monotonic() + 80
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                continue
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            seen += data
            while seen.count(b"assphrase") > answered:
                os.write(fd, secret + b"\n")
                answered += 1
        else:
            os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
        sys.stderr.buffer.write(seen.replace(secret, b"***"))
        sys.exit(os.waitstatus_to_exitcode(status))
        """;

    public static Task<string> RunAsync(string tool, params string[] arguments) =>
        RunCoreAsync(tool, arguments, passphrase: null);

    /// <summary>Runs age in a pty, typing <paramref name="passphrase"/> at every prompt.</summary>
    public static Task<string> RunWithPassphraseAsync(
        string passphrase, params string[] arguments) =>
        RunCoreAsync("python3", ["-c", PtyDriver, "age", .. arguments], passphrase);

    private static async Task<string> RunCoreAsync(
        string tool, IEnumerable<string> arguments, string? passphrase)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        if (passphrase is not null)
            start.Environment["LOCKBOX_TEST_PASSPHRASE"] = passphrase;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within {Timeout}.");
        }

        var output = await stdout;
        var errors = await stderr;
        Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}: {errors}");
        return output;
    }
}
