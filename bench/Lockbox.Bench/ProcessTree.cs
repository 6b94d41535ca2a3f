using System.Globalization;

namespace MailBench;

/// <summary>
/// A process and all its descendants, read from /proc: CPU time (including that of children
/// already reaped, so the short-lived procmail, bash and sendmail runs of the reference are
/// counted) and memory (summed RSS, or summed PSS so shared pages count once).
/// </summary>
internal sealed class ProcessTree(int rootPid, bool proportional)
{
    private const long PageSize = 4096;

    /// <summary>Clock ticks per second of /proc/*/stat times (USER_HZ, 100 on Linux).</summary>
    public const double TicksPerSecond = 100;

    public int RootPid { get; } = rootPid;

    /// <summary>True when memory is summed PSS (several processes), else summed RSS.</summary>
    public bool Proportional { get; } = proportional;

    /// <summary>utime + stime + cutime + cstime of every process in the tree: the difference
    /// of two readings is the CPU the tree used between them.</summary>
    public long CpuTicks() => Members().Sum(stat => stat.Ticks);

    /// <summary>Resident memory of the tree now, in bytes.</summary>
    public long MemoryBytes() => Proportional
        ? Members().Sum(stat => ReadPss(stat.Pid))
        : Members().Sum(stat => stat.RssPages * PageSize);

    /// <summary>Kernel-tracked peak RSS (VmHWM) summed over the tree, in bytes.</summary>
    public long KernelPeakRssBytes() =>
        Members().Sum(stat => StatusField(stat.Pid, "VmHWM:") * 1024);

    /// <summary>Restarts the kernel's peak RSS count of every process (clear_refs 5).</summary>
    public void ResetKernelPeak()
    {
        foreach (var stat in Members())
        {
            try
            {
                File.WriteAllText($"/proc/{stat.Pid}/clear_refs", "5");
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // gone, or not ours: the sampled peak still counts
            }
        }
    }

    /// <summary>Processes of the tree right now.</summary>
    public IReadOnlyList<ProcStat> Members()
    {
        var all = new List<ProcStat>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None,
                    CultureInfo.InvariantCulture, out var pid)
                && ProcStat.TryRead(pid) is { } stat)
            {
                all.Add(stat);
            }
        }

        var children = all.ToLookup(stat => stat.ParentPid);
        var tree = new List<ProcStat>();
        var pending = new Queue<ProcStat>(all.Where(stat => stat.Pid == RootPid));
        while (pending.Count > 0 && tree.Count < 10_000)
        {
            var next = pending.Dequeue();
            tree.Add(next);
            foreach (var child in children[next.Pid])
                pending.Enqueue(child);
        }

        return tree;
    }

    private static long ReadPss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                    return Kilobytes(line) * 1024;
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // the process ended between listing and reading
        }

        return 0;
    }

    private static long StatusField(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return Kilobytes(line);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static long Kilobytes(string line) => long.Parse(
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

/// <summary>The fields of /proc/PID/stat the benchmark needs.</summary>
internal sealed record ProcStat(int Pid, int ParentPid, long Ticks, long RssPages)
{
    public static ProcStat? TryRead(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // the command name is in parentheses and may hold spaces: fields start after the last ')'
        var close = text.LastIndexOf(')');
        if (close < 0)
            return null;

        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 22)
            return null;

        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        var ticks = Field(14) + Field(15) + Field(16) + Field(17);
        return new ProcStat(pid, (int)Field(4), ticks, Field(24));
    }
}
