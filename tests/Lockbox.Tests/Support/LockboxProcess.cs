using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Lockbox.Tests.Support;

/// <summary>
/// The built Lockbox program as a black box: started with <c>dotnet Lockbox.dll</c> from the
/// test output, its stdout and stderr captured line by line.
/// </summary>
public sealed partial class LockboxProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly SemaphoreSlim _lineArrived = new(0);

    private LockboxProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public IReadOnlyList<string> StdoutLines
    {
        get { lock (_stdout) { return [.. _stdout]; } }
    }

    public IReadOnlyList<string> StderrLines
    {
        get { lock (_stderr) { return [.. _stderr]; } }
    }

    /// <summary>Starts <c>lockbox ARGS</c> in <paramref name="workingDirectory"/>.</summary>
    public static LockboxProcess Start(
        string workingDirectory, IReadOnlyDictionary<string, string>? environment,
        params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Lockbox.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("LOCKBOX_PASSPHRASE");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var wrapper = new LockboxProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Add(wrapper._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Add(wrapper._stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Runs a command to its end and returns exit code and output.</summary>
    public static async Task<CommandResult> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string>? environment,
        params string[] arguments)
    {
        await using var process = Start(workingDirectory, environment, arguments);
        var exitCode = await process.WaitForExitAsync(DefaultWait);
        return new CommandResult(exitCode, process.StdoutLines, process.StderrLines);
    }

    /// <summary>Runs a command and returns its stdout as exact bytes (for <c>read
    /// --raw</c>).</summary>
    public static async Task<(int ExitCode, byte[] Stdout, string Stderr)> RunBinaryAsync(
        string workingDirectory, IReadOnlyDictionary<string, string>? environment,
        params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Lockbox.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("LOCKBOX_PASSPHRASE");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var stdout = new MemoryStream();
        using var timeout = new CancellationTokenSource(DefaultWait);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardOutput.BaseStream.CopyToAsync(stdout, timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, stdout.ToArray(), await stderr);
    }

    /// <summary>Waits for the "listening on HOST:PORT" lines and returns the first port.</summary>
    public async Task<int> WaitForListeningPortAsync()
    {
        var line = await WaitForStdoutAsync(l =>
            l.StartsWith("listening on ", StringComparison.Ordinal));
        var match = PortPattern().Match(line);
        Assert.True(match.Success, $"no port in '{line}'");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<string> WaitForStdoutAsync(Func<string, bool> predicate,
        TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? DefaultWait);
        while (true)
        {
            var found = StdoutLines.FirstOrDefault(predicate);
            if (found is not null)
            {
                return found;
            }

            if (_process.HasExited && !StdoutLines.Any(predicate))
            {
                throw new InvalidOperationException(
                    $"lockbox exited with {_process.ExitCode}: {string.Join('\n', StderrLines)}");
            }

            try
            {
                await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("waited for output; stdout was:\n"
                    + string.Join('\n', StdoutLines) + "\nstderr:\n"
                        + string.Join('\n', StderrLines));
            }
        }
    }

    /// <summary>Sends SIGTERM (a polite stop) or SIGKILL (a crash).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(
            System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _lineArrived.Dispose();
    }

    private void Add(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }

        _lineArrived.Release();
    }

    [GeneratedRegex(@"listening on .*:(\d+)$")]
    private static partial Regex PortPattern();
}

/// <summary>How a finished command ended.</summary>
public sealed record CommandResult(
    int ExitCode, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr)
{
    public string StdoutText => string.Join('\n', Stdout);

    public string StderrText => string.Join('\n', Stderr);
}
