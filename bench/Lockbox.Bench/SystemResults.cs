namespace MailBench;

/// <summary>Everything measured on one system in one run.</summary>
internal sealed class SystemResults(string name)
{
    public string Name { get; } = name;

    /// <summary>Throughput loads by (size in KB, sessions).</summary>
    public Dictionary<(int SizeKb, int Sessions), LoadResult> Loads { get; } = [];

    public Latency? OneAtATime { get; set; }

    public LoadResult? Burst { get; set; }

    public long? BigMessageGrowthBytes { get; set; }

    public long IdleMemoryBytes { get; set; }

    /// <summary>Start-to-listening times in ms (Lockbox only).</summary>
    public IReadOnlyList<double> Starts { get; set; } = [];
}
