using System.Diagnostics;
using System.Globalization;

namespace MailBench;

/// <summary>What the numbers depend on: cores, load, and how fast this disk makes a write
/// durable — the physical bound of any mail server that fsyncs before its 250.</summary>
internal static class Machine
{
    public static string Describe(string folder)
    {
        return string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, "
            + $"Linux {Read("/proc/sys/kernel/osrelease")}, "
            + $"load average {Read("/proc/loadavg").Split(' ')[0]} at the start, "
            + $"{FsyncsPerSecond(folder):N0} fsyncs/s (4 KB write + fsync, one writer)");
    }

    public static string LoadAverage() => Read("/proc/loadavg").Split(' ')[0];

    private static double FsyncsPerSecond(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "fsync-probe");
        var block = new byte[4096];
        const int Count = 200;
        try
        {
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write,
                FileShare.None, bufferSize: 0);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < Count; i++)
            {
                file.Write(block);
                file.Flush(flushToDisk: true);
            }

            return Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Read(string path) =>
        File.Exists(path) ? File.ReadAllText(path).Trim() : "?";
}
