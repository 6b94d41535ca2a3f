using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MailBench;

/// <summary>One run of the Lockbox executable with its output read line by line; the moment
/// its <c>listening on</c> line arrives is kept for the start-time measure.</summary>
internal sealed class LockboxProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly TaskCompletionSource<(string Line, long At)> _listening =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LockboxProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    /// <summary>The first <c>listening on</c> line and its <see cref="Stopwatch"/> time.</summary>
    public Task<(string Line, long At)> Listening => _listening.Task;

    /// <summary>The last few KB of stderr, for error messages.</summary>
    public string Errors
    {
        get { lock (_errors) { return _errors.ToString(); } }
    }

    public static LockboxProcess Start(
        string executable, string config, string command, string passphrase)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(config)!,
        };
        start.ArgumentList.Add(command);
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        start.Environment["LOCKBOX_PASSPHRASE"] = passphrase;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var wrapper = new LockboxProcess(process);
        process.Exited += (_, _) => wrapper._listening.TrySetException(
            new InvalidOperationException($"lockbox {command} exited: {wrapper.Errors}"));
        process.OutputDataReceived += (_, e) => wrapper.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.OnError(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then SIGKILL if it has not stopped within <paramref name="limit"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan limit)
    {
        if (_process.HasExited)
            return;

        using (var kill = Process.Start("kill", ["-TERM",
            _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        try
        {
            await WaitForExitAsync(limit);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is not null && line.StartsWith("listening on ", StringComparison.Ordinal))
            _listening.TrySetResult((line, Stopwatch.GetTimestamp()));
    }

    private void OnError(string? line)
    {
        if (line is null)
            return;

        lock (_errors)
        {
            if (_errors.Length > 8192)
                _errors.Remove(0, _errors.Length - 4096);

            _errors.AppendLine(line);
        }
    }
}
