using System.Text;

namespace MailBench;

/// <summary>CRLF (or LF) terminated ASCII lines from a stream, each at most 64 KiB.</summary>
internal sealed class LineReader(Stream stream)
{
    private const int MaxLine = 64 * 1024;

    private readonly byte[] _buffer = new byte[MaxLine + 2];
    private int _start;
    private int _end;

    /// <summary>The next line without its line end; null when the peer closed.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.Latin1.GetString(span[..newline]).TrimEnd('\r');
                _start += newline + 1;
                return line;
            }

            if (_end - _start >= MaxLine)
                throw new InvalidDataException("line too long");

            if (_start > 0)
            {
                span.CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
                return null;

            _end += read;
        }
    }
}
