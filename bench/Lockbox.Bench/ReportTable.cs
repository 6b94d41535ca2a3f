using System.Globalization;
using System.Text;

namespace MailBench;

/// <summary>
/// The one table: a row per measure, Lockbox and the reference side by side, how many times
/// better Lockbox is (higher throughput, or lower cost, whichever the row measures), and the
/// issue's target where the row has one.
/// </summary>
internal static class ReportTable
{
    private sealed record Row(
        string Measure, double? Lockbox, double? Reference, bool HigherIsBetter,
        string Target = "", Func<double, double?, bool>? Met = null);

    public static string Render(SystemResults? lockbox, SystemResults? reference, BenchOptions o)
    {
        var table = new StringBuilder()
            .AppendLine("| measure | Lockbox | reference | Lockbox better by | target |")
            .AppendLine("|---|---:|---:|---:|---|");
        foreach (var row in Rows(lockbox, reference, o))
        {
            table.Append(CultureInfo.InvariantCulture,
                $"| {row.Measure} | {Cell(row.Lockbox)} | {Cell(row.Reference)} | ")
                .Append(Ratio(row)).Append(" | ").Append(Verdict(row)).AppendLine(" |");
        }

        return table.ToString();
    }

    private static IEnumerable<Row> Rows(SystemResults? l, SystemResults? r, BenchOptions o)
    {
        foreach (var size in o.SizesKb)
        {
            foreach (var sessions in o.Sessions)
            {
                var key = (size, sessions);
                var lo = l?.Loads.GetValueOrDefault(key);
                var re = r?.Loads.GetValueOrDefault(key);
                var cell = $"{size} KB, {sessions} session{(sessions == 1 ? "" : "s")}";
                var headline = size == 2 && sessions == 8;
                yield return new Row($"accepted msg/s, {cell}",
                    lo?.AcceptedPerSecond, re?.AcceptedPerSecond, true);
                yield return new Row($"alerts/s end to end, {cell}",
                    lo?.AlertsPerSecond, re?.AlertsPerSecond, true,
                    headline ? "≥ 10× reference" : "",
                    headline ? (lv, rv) => rv is { } x && lv >= 10 * x : null);
                yield return new Row($"alerts missing, {cell}",
                    lo is null ? null : lo.Sent - lo.Alerted,
                    re is null ? null : re.Sent - re.Alerted, false);
                yield return new Row($"CPU s per 1,000 msgs, {cell}",
                    lo?.CpuSecondsPer1000, re?.CpuSecondsPer1000, false,
                    headline ? "≤ 1/10 of reference" : "",
                    headline ? (lv, rv) => rv is { } x && lv <= x / 10 : null);
                yield return new Row($"peak memory MB, {cell}",
                    Mb(lo?.PeakMemoryBytes), Mb(re?.PeakMemoryBytes), false,
                    sessions == 32 ? "< 100 MB" : "",
                    sessions == 32 ? (lv, _) => lv < 100 : null);
            }
        }

        var one = $"one at a time ({o.OneAtATime} msgs, 2 KB)";
        yield return new Row($"alert latency p50 ms, {one}",
            l?.OneAtATime?.P50, r?.OneAtATime?.P50, false);
        yield return new Row($"alert latency p95 ms, {one}",
            l?.OneAtATime?.P95, r?.OneAtATime?.P95, false);
        yield return new Row($"alert latency p99 ms, {one}",
            l?.OneAtATime?.P99, r?.OneAtATime?.P99, false, "< 20 ms", (lv, _) => lv < 20);
        yield return new Row($"alert latency max ms, {one}",
            l?.OneAtATime?.Max, r?.OneAtATime?.Max, false);

        var burst = $"burst of {o.Burst} over {o.BurstSessions} sessions";
        yield return new Row($"last 250 → last alert ms, {burst}",
            l?.Burst?.LastAcceptToLastAlertMs, r?.Burst?.LastAcceptToLastAlertMs, false,
            "< 2,000 ms, none missing",
            (lv, _) => lv < 2000 && l?.Burst is { } b && b.Alerted == b.Sent);
        yield return new Row($"alert latency p50 ms, {burst}",
            l?.Burst?.Latency.P50, r?.Burst?.Latency.P50, false);
        yield return new Row($"alert latency p95 ms, {burst}",
            l?.Burst?.Latency.P95, r?.Burst?.Latency.P95, false);
        yield return new Row($"alert latency p99 ms, {burst}",
            l?.Burst?.Latency.P99, r?.Burst?.Latency.P99, false);
        yield return new Row($"alert latency max ms, {burst}",
            l?.Burst?.Latency.Max, r?.Burst?.Latency.Max, false);
        yield return new Row($"alerts missing, {burst}",
            l?.Burst is { } lb ? lb.Sent - lb.Alerted : null,
            r?.Burst is { } rb ? rb.Sent - rb.Alerted : null, false);

        yield return new Row("idle memory MB",
            Mb(l?.IdleMemoryBytes), Mb(r?.IdleMemoryBytes), false);
        yield return new Row($"memory growth MB, one {o.BigMessageMb} MB message",
            Mb(l?.BigMessageGrowthBytes), Mb(r?.BigMessageGrowthBytes), false,
            "< 20 MB", (lv, _) => lv < 20);
        if (l is { Starts.Count: > 0 })
        {
            var median = Latency.Of([.. l.Starts]);
            yield return new Row($"start to listening ms, median of {median.Count}",
                median.P50, null, false, "< 50 ms", (lv, _) => lv < 50);
            yield return new Row("start to listening ms, slowest", median.Max, null, false);
        }
    }

    private static double? Mb(long? bytes) => bytes / 1e6;

    private static string Cell(double? value) => value is { } v ? Report.Number(v) : "–";

    private static string Ratio(Row row)
    {
        if (row.Lockbox is not { } l || row.Reference is not { } r)
            return "–";

        var ratio = row.HigherIsBetter ? l / r : r / l;
        return double.IsFinite(ratio) && ratio > 0 ? Report.Number(ratio) + "×" : "–";
    }

    private static string Verdict(Row row)
    {
        if (row.Met is null)
            return row.Target;

        if (row.Lockbox is not { } l || double.IsNaN(l))
            return row.Target + ": not measured";

        return row.Target + (row.Met(l, row.Reference) ? ": met" : ": **missed**");
    }
}
