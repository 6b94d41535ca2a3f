using System.Globalization;

namespace MailBench;

/// <summary>The unique Subject tokens of one benchmark run: <c>bench-RUN-CELL-SEQ</c>. A new
/// cell number per load, so a straggling alert of an earlier load is never counted twice.
/// </summary>
internal sealed class Tokens
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];
    private int _cell;

    public int NextCell() => Interlocked.Increment(ref _cell);

    public string Of(int cell, int sequence) => string.Create(
        CultureInfo.InvariantCulture, $"bench-{_run}-{cell:D3}-{sequence:D6}");
}
