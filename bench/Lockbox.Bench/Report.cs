using System.Globalization;

namespace MailBench;

/// <summary>Progress and problems on stderr (stdout is for the table), with a count of the
/// problems so the table can say whether the run was clean.</summary>
internal static class Report
{
    private static int _problems;

    public static int Problems => Volatile.Read(ref _problems);

    public static void Progress(string text) =>
        Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {text}");

    public static void Problem(string text)
    {
        // the first few tell what went wrong; thousands would drown the run
        if (Interlocked.Increment(ref _problems) <= 20)
            Progress("problem: " + text);
    }

    public static string Number(double value) => double.IsNaN(value) ? "–"
        : value == Math.Floor(value) && value < 1e6
            ? value.ToString("N0", CultureInfo.InvariantCulture)
        : value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : value >= 10 ? value.ToString("N1", CultureInfo.InvariantCulture)
        : value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Megabytes(long? bytes) =>
        bytes is { } value ? Number(value / 1e6) : "–";
}
