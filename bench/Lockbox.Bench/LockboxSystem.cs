using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace MailBench;

/// <summary>
/// The published Lockbox under load: a generated config (port 0, one recovery address, email
/// alerts to the bench's sink), keys made with <c>init</c>, then <c>serve</c>; the port is read
/// from its <c>listening on</c> line.
/// </summary>
internal sealed partial class LockboxSystem : ISystemUnderTest
{
    public const string Address = "owner@recovery.example";
    private const string Passphrase = "bench passphrase, not a secret";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

    private readonly LockboxProcess _process;

    private LockboxSystem(LockboxProcess process, IPEndPoint smtp, AlertSink sink)
    {
        _process = process;
        Smtp = smtp;
        Sink = sink;
        Tree = new ProcessTree(process.Pid, proportional: false);
    }

    public string Name => "Lockbox";

    public IPEndPoint Smtp { get; }

    public string Recipient => Address;

    public AlertSink Sink { get; }

    public ProcessTree Tree { get; }

    /// <summary>Writes the config into a fresh <paramref name="folder"/> and runs init.</summary>
    public static async Task<string> PrepareAsync(
        string executable, string folder, int sinkPort, int maxMessageMb,
        CancellationToken cancellationToken)
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);

        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "lockbox.toml");
        await File.WriteAllTextAsync(config, Config(sinkPort, maxMessageMb), cancellationToken);
        await using var init = LockboxProcess.Start(executable, config, "init", Passphrase);
        var exit = await init.WaitForExitAsync(StartLimit);
        if (exit != 0)
            throw new InvalidOperationException($"lockbox init failed ({exit}): {init.Errors}");

        return config;
    }

    /// <summary>Starts serve and waits for its listening line.</summary>
    public static async Task<LockboxSystem> StartAsync(
        string executable, string config, AlertSink sink)
    {
        var process = LockboxProcess.Start(executable, config, "serve", Passphrase);
        try
        {
            var line = await process.Listening.WaitAsync(StartLimit);
            return new LockboxSystem(process, ParseEndpoint(line.Line), sink);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Start-to-listening times in ms: each start runs serve until it prints its
    /// listening line, then stops it with SIGTERM.</summary>
    public static async Task<IReadOnlyList<double>> MeasureStartsAsync(
        string executable, string config, int starts)
    {
        var times = new List<double>();
        for (var i = 0; i < starts; i++)
        {
            var begun = Stopwatch.GetTimestamp();
            await using var process = LockboxProcess.Start(executable, config, "serve", Passphrase);
            var line = await process.Listening.WaitAsync(StartLimit);
            times.Add(Stopwatch.GetElapsedTime(begun, line.At).TotalMilliseconds);
            await process.StopAsync(StartLimit);
        }

        return times;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(StartLimit);
        await _process.DisposeAsync();
    }

    private static IPEndPoint ParseEndpoint(string line)
    {
        var match = ListeningPattern().Match(line);
        return match.Success
            ? new IPEndPoint(IPAddress.Parse(match.Groups[1].Value),
                int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : throw new InvalidOperationException($"no endpoint in '{line}'");
    }

    private static string Config(int sinkPort, int maxMessageMb) => string.Create(
        CultureInfo.InvariantCulture, $"""
        # written by mailbench for one benchmark run
        hostname = "mx.recovery.example"

        [smtp]
        listen = ["127.0.0.1:0"]
        max_message_size = "{Math.Max(25, maxMessageMb + 10)}MiB"

        [storage]
        path = "data"

        [[address]]
        email = "{Address}"

        [[alert]]
        type = "email"
        to = "owner@primary.example"
        from = "lockbox@recovery.example"
        smarthost = "smtp://127.0.0.1:{sinkPort}"

        # the load sends hundreds of messages to one address on purpose: the digest that would
        # sum them up is off, so every message gets its own alert
        [flood]
        enabled = false

        # the reference checks no sender (no SPF, DKIM or DMARC) and this machine has no DNS to
        # ask: both sides do the same work per message
        [dns]
        enabled = false
        """);

    [GeneratedRegex(@"^listening on (127\.0\.0\.1):(\d+)$")]
    private static partial Regex ListeningPattern();
}
