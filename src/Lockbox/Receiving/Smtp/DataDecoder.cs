namespace Lockbox.Receiving.Smtp;

/// <summary>
/// Finds the end of DATA and undoes dot-stuffing (RFC 5321 §4.5.2) one byte at a time, so any
/// split of the stream into reads gives the same result. DATA ends only at CRLF "." CRLF, where
/// the first CRLF may be the one that ended the DATA command (an empty message). A CR or LF
/// that is not part of a CRLF pair is passed through but flagged, and the caller rejects the
/// message (§2.3.8): that is what makes the smuggling variants harmless.
/// </summary>
internal sealed class DataDecoder(int maxLineLength) : IMessageFraming
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const byte Dot = (byte)'.';

    /// <summary>The most bytes one step writes; callers keep this much room free.</summary>
    public const int MaxStepOutput = 2;

    private State _state = State.LineStart;
    private long _lineLength;

    private enum State
    {
        LineStart,
        InLine,
        AfterCr,
        AfterDot,
        AfterDotCr,
    }

    /// <summary>True once CRLF "." CRLF has been consumed; nothing after it is read.</summary>
    public bool Finished { get; private set; }

    /// <summary>True if any CR or LF stood alone.</summary>
    public bool SawBareLineEnding { get; private set; }

    /// <summary>True if a line (without CRLF) was longer than the limit.</summary>
    public bool SawLongLine { get; private set; }

    /// <summary>Message bytes produced so far, after unstuffing.</summary>
    public long Size { get; private set; }

    /// <summary>
    /// Decodes from <paramref name="input"/> into <paramref name="output"/> until the input is
    /// used up, the end of data is consumed, or the output has less than
    /// <see cref="MaxStepOutput"/> bytes free. Returns how many input bytes were consumed.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> input, Span<byte> output, out int written)
    {
        var read = 0;
        var write = 0;
        while (read < input.Length && !Finished && output.Length - write >= MaxStepOutput)
        {
            var b = input[read];
            switch (_state)
            {
                case State.LineStart when b == Dot:
                    read++;
                    _state = State.AfterDot;
                    break;

                case State.LineStart:
                    _state = State.InLine;
                    break;

                case State.InLine:
                    var rest = input[read..];
                    var plain = rest.IndexOfAny(Cr, Lf);
                    plain = Math.Min(plain < 0 ? rest.Length : plain, output.Length - write);
                    if (plain > 0)
                    {
                        rest[..plain].CopyTo(output[write..]);
                        write += plain;
                        read += plain;
                        CountLine(plain);
                        break;
                    }

                    read++;
                    if (b == Cr)
                    {
                        _state = State.AfterCr;
                        break;
                    }

                    // a bare LF: the next "." is not at a line start, so it cannot end DATA
                    SawBareLineEnding = true;
                    output[write++] = Lf;
                    CountLine(1);
                    break;

                case State.AfterCr when b == Lf:
                    read++;
                    output[write++] = Cr;
                    output[write++] = Lf;
                    _lineLength = 0;
                    _state = State.LineStart;
                    break;

                case State.AfterDotCr when b == Lf:
                    read++;
                    Finished = true;
                    break;

                case State.AfterCr or State.AfterDotCr:
                    // a bare CR: emit it and look at this byte again as line content
                    SawBareLineEnding = true;
                    output[write++] = Cr;
                    CountLine(1);
                    _state = State.InLine;
                    break;

                case State.AfterDot when b == Cr:
                    read++;
                    _state = State.AfterDotCr;
                    break;

                case State.AfterDot when b == Dot:
                    read++;
                    output[write++] = Dot;
                    CountLine(1);
                    _state = State.InLine;
                    break;

                case State.AfterDot:
                    // §4.5.2: a leading dot is deleted; a stuffing client always doubles it
                    _state = State.InLine;
                    break;
            }
        }

        Size += write;
        written = write;
        return read;
    }

    private void CountLine(int bytes)
    {
        _lineLength += bytes;
        if (_lineLength > maxLineLength)
        {
            SawLongLine = true;
        }
    }
}
