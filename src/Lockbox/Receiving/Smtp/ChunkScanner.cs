namespace Lockbox.Receiving.Smtp;

/// <summary>
/// Checks BDAT chunks (RFC 3030) as they pass: no dot-stuffing and no end marker to find, but
/// the same line rules as DATA, so a bare CR or LF refuses a chunked message too, whatever the
/// chunk boundaries. Works on spans, a run of plain bytes at a time.
/// </summary>
internal sealed class ChunkScanner(int maxLineLength) : IMessageFraming
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    private bool _afterCr;
    private long _lineLength;

    public long Size { get; private set; }

    public bool SawBareLineEnding { get; private set; }

    public bool SawLongLine { get; private set; }

    public void Scan(ReadOnlySpan<byte> bytes)
    {
        Size += bytes.Length;
        var rest = bytes;
        while (!rest.IsEmpty)
        {
            if (_afterCr)
            {
                _afterCr = false;
                if (rest[0] == Lf)
                {
                    _lineLength = 0;
                    rest = rest[1..];
                    continue;
                }

                // the CR stood alone; it counts as line content
                SawBareLineEnding = true;
                CountLine(1);
            }

            var end = rest.IndexOfAny(Cr, Lf);
            if (end < 0)
            {
                CountLine(rest.Length);
                return;
            }

            CountLine(end);
            if (rest[end] == Lf)
            {
                SawBareLineEnding = true;
                CountLine(1);
            }
            else
            {
                _afterCr = true;
            }

            rest = rest[(end + 1)..];
        }
    }

    /// <summary>Called after the last chunk: a CR at the very end stood alone too.</summary>
    public void Finish()
    {
        if (_afterCr)
        {
            _afterCr = false;
            SawBareLineEnding = true;
        }
    }

    private void CountLine(long bytes)
    {
        _lineLength += bytes;
        if (_lineLength > maxLineLength)
        {
            SawLongLine = true;
        }
    }
}
