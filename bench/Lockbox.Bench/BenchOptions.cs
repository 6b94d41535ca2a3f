using System.Globalization;

namespace MailBench;

/// <summary>What one benchmark run measures, from the command line. Every count and wait is
/// bounded, and every address is loopback.</summary>
internal sealed record BenchOptions
{
    /// <summary>The published Lockbox executable; null skips Lockbox.</summary>
    public string? Lockbox { get; init; }

    /// <summary>True to measure the Postfix + procmail reference on 127.0.0.1.</summary>
    public bool Reference { get; init; }

    public int ReferencePort { get; init; } = 25;

    /// <summary>The port the reference's transport map relays notices to (setup.sh --sink-port).
    /// </summary>
    public int ReferenceSinkPort { get; init; } = 10026;

    public string ReferencePidFile { get; init; } = "/var/spool/postfix/pid/master.pid";

    /// <summary>Messages per throughput cell (each size × session count).</summary>
    public int Messages { get; init; } = 1000;

    public IReadOnlyList<int> Sessions { get; init; } = [1, 8, 32];

    public IReadOnlyList<int> SizesKb { get; init; } = [2, 100];

    /// <summary>Messages sent one at a time, each waiting for its alert.</summary>
    public int OneAtATime { get; init; } = 200;

    public int Burst { get; init; } = 500;

    public int BurstSessions { get; init; } = 8;

    public int BigMessageMb { get; init; } = 50;

    /// <summary>How many times the start-to-listening time is measured.</summary>
    public int Starts { get; init; } = 10;

    /// <summary>Scratch folder for Lockbox's data and config (made fresh).</summary>
    public string WorkDirectory { get; init; } = "artifacts/bench/run";

    /// <summary>Markdown report file; the table also goes to stdout.</summary>
    public string? Output { get; init; }

    public static string Usage => """
        usage: mailbench [--lockbox PATH] [--reference] [options]
          --lockbox PATH            published Lockbox executable to measure
          --reference               measure Postfix+procmail on 127.0.0.1 (bench/reference/setup.sh)
          --reference-port N        its SMTP port (25)
          --reference-sink-port N   port its notices are relayed to (10026)
          --messages N              messages per throughput cell (1000)
          --sessions LIST           concurrent sessions, e.g. 1,8,32
          --sizes LIST              message sizes in KB, e.g. 2,100
          --one-at-a-time N         messages sent one at a time for latency (200)
          --burst N                 burst size (500), over --burst-sessions (8)
          --big-mb N                size of the single big message in MB (50; 0 skips)
          --starts N                start-to-listening measurements (10)
          --work DIR                scratch folder (artifacts/bench/run)
          --out FILE                also write the report to FILE
        """;

    /// <exception cref="ArgumentException">An unknown flag or a bad value.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Count
                ? args[++i]
                : throw new ArgumentException($"{flag} needs a value");

            options = flag switch
            {
                "--lockbox" => options with { Lockbox = Value() },
                "--reference" => options with { Reference = true },
                "--reference-port" => options with { ReferencePort = Port(Value()) },
                "--reference-sink-port" => options with { ReferenceSinkPort = Port(Value()) },
                "--reference-pid-file" => options with { ReferencePidFile = Value() },
                "--messages" => options with { Messages = Count(Value(), 1, 100_000) },
                "--sessions" => options with { Sessions = List(Value(), 1, 64) },
                "--sizes" => options with { SizesKb = List(Value(), 1, 10_000) },
                "--one-at-a-time" => options with { OneAtATime = Count(Value(), 1, 10_000) },
                "--burst" => options with { Burst = Count(Value(), 1, 100_000) },
                "--burst-sessions" => options with { BurstSessions = Count(Value(), 1, 64) },
                "--big-mb" => options with { BigMessageMb = Count(Value(), 0, 1000) },
                "--starts" => options with { Starts = Count(Value(), 0, 100) },
                "--work" => options with { WorkDirectory = Value() },
                "--out" => options with { Output = Value() },
                _ => throw new ArgumentException($"unknown option {flag}"),
            };
        }

        if (options.Lockbox is null && !options.Reference)
        {
            throw new ArgumentException(
                "nothing to measure: give --lockbox PATH and/or --reference");
        }

        return options;
    }

    private static int Port(string text) => Count(text, 1, 65535);

    private static int Count(string text, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
        {
            throw new ArgumentException($"'{text}' is not a number from {min} to {max}");
        }

        return value;
    }

    private static int[] List(string text, int min, int max) =>
        [.. text.Split(',').Select(part => Count(part.Trim(), min, max))];
}
