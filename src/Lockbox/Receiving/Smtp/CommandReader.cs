using System.Buffers;
using System.Text;

namespace Lockbox.Receiving.Smtp;

/// <summary>
/// Cuts command lines out of the input with bounded memory: a line longer than the limit is
/// dropped as it arrives, up to its LF, however long it is (RFC 5321 §4.5.3.1.4).
/// </summary>
internal sealed class CommandReader(SmtpConnection connection, int maxLength)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Reads the next line, waiting at most <paramref name="timeout"/> per read.
    /// </summary>
    public async ValueTask<CommandLine> ReadAsync(TimeSpan timeout, CancellationToken ct)
    {
        var discarding = false;
        while (true)
        {
            var result = await connection.ReadAsync(timeout, ct);
            if (result.IsCanceled)
            {
                return new CommandLine(LineStatus.Canceled);
            }

            var reader = connection.Reader;
            var buffer = result.Buffer;
            var lf = buffer.PositionOf((byte)'\n');
            if (lf is { } end)
            {
                var line = discarding
                    ? new CommandLine(LineStatus.TooLong)
                    : Decode(buffer.Slice(0, end));
                reader.AdvanceTo(buffer.GetPosition(1, end));
                return line;
            }

            // no LF yet: keep a short partial line, drop a long one as it comes
            if (discarding || buffer.Length > maxLength + 1)
            {
                discarding = true;
                reader.AdvanceTo(buffer.End);
            }
            else
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                return new CommandLine(LineStatus.Closed);
            }
        }
    }

    private CommandLine Decode(ReadOnlySequence<byte> line)
    {
        if (line.Length > maxLength + 1)
        {
            return new CommandLine(LineStatus.TooLong);
        }

        if (line.IsEmpty || line.Slice(line.Length - 1).FirstSpan[0] != (byte)'\r')
        {
            return new CommandLine(LineStatus.BareLineEnding);
        }

        try
        {
            var text = StrictUtf8.GetString(line.Slice(0, line.Length - 1));
            return new CommandLine(LineStatus.Complete, text);
        }
        catch (DecoderFallbackException)
        {
            return new CommandLine(LineStatus.Undecodable);
        }
    }
}
