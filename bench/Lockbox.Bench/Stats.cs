namespace MailBench;

/// <summary>Latency percentiles in milliseconds (nearest rank).</summary>
internal sealed record Latency(int Count, double P50, double P95, double P99, double Max)
{
    public static Latency Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
            return new Latency(0, double.NaN, double.NaN, double.NaN, double.NaN);

        var sorted = milliseconds.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp(
            (int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

        return new Latency(sorted.Length, Rank(0.50), Rank(0.95), Rank(0.99), sorted[^1]);
    }
}

/// <summary>What one load of <see cref="Sent"/> messages produced.</summary>
/// <param name="AcceptedPerSecond">Messages answered 250, per second from the start of the
/// load to the last 250.</param>
/// <param name="AlertsPerSecond">Alerts accepted by the sink, per second from the start of the
/// load to the last alert (end to end).</param>
/// <param name="LastAcceptToLastAlertMs">From the last 250 to the last alert.</param>
/// <param name="CpuSecondsPer1000">CPU of the system's whole process tree per 1,000 messages,
/// from the start of the load until it fell quiet after the last alert.</param>
/// <param name="PeakMemoryBytes">Peak RSS (one process) or summed PSS (several).</param>
internal sealed record LoadResult(
    int Sent,
    int Refused,
    int Alerted,
    double AcceptedPerSecond,
    double AlertsPerSecond,
    double LastAcceptToLastAlertMs,
    double CpuSecondsPer1000,
    long PeakMemoryBytes,
    Latency Latency);
