namespace Lockbox.Tests.Support;

/// <summary>Reads CRLF-terminated lines and DATA bodies from a stream, with bounds.</summary>
internal sealed class SmtpLineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    /// <summary>The next line without its CRLF (a bare LF also ends it); null at end of stream.
    /// </summary>
    /// <exception cref="InvalidDataException">The line is longer than the bound.</exception>
    public async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
                return line.Count == 0 ? null : [.. line];

            var b = _buffer[_start++];
            if (b == (byte)'\n')
            {
                if (line.Count > 0 && line[^1] == (byte)'\r')
                    line.RemoveAt(line.Count - 1);
                return [.. line];
            }

            if (line.Count >= maxLineBytes)
                throw new InvalidDataException("line too long");

            line.Add(b);
        }
    }

    /// <summary>Reads a DATA body up to the "." line, undoing dot-stuffing (RFC 5321 §4.5.2);
    /// null when it exceeded <paramref name="maxBytes"/> (the rest is read and dropped).</summary>
    public async Task<byte[]?> ReadDataAsync(int maxBytes, CancellationToken cancellationToken)
    {
        using var data = new MemoryStream();
        var tooBig = false;
        while (await ReadLineAsync(cancellationToken) is { } line)
        {
            if (line is [(byte)'.'])
                return tooBig ? null : data.ToArray();

            var start = line is [(byte)'.', ..] ? 1 : 0;
            tooBig |= data.Length + line.Length + 2 > maxBytes;
            if (!tooBig)
            {
                data.Write(line, start, line.Length - start);
                data.Write("\r\n"u8);
            }
        }

        throw new IOException("connection closed during DATA");
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
