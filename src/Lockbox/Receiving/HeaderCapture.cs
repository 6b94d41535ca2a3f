using System.Buffers;

namespace Lockbox.Receiving;

/// <summary>
/// Keeps the header section of a message as it streams past, so the summary can be made without
/// ever holding the body: capture stops at the first empty line or at <see cref="Limit"/> bytes.
/// </summary>
public sealed class HeaderCapture
{
    /// <summary>Headers past this are left to the sealed copy; the summary needs only From and
    /// Subject, which real senders put well within it.</summary>
    public const int Limit = 256 * 1024;

    private static readonly byte[] EndOfHeaders = "\r\n\r\n"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _headers = new(4096);
    private int _length;
    private bool _complete;

    /// <summary>The header section captured so far, ending with its empty line when
    /// whole.</summary>
    public ReadOnlyMemory<byte> Headers => _headers.WrittenMemory[.._length];

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_complete)
        {
            return;
        }

        var take = bytes[..Math.Min(Limit - _headers.WrittenCount, bytes.Length)];
        var searchFrom = Math.Max(0, _headers.WrittenCount - (EndOfHeaders.Length - 1));
        _headers.Write(take);
        _length = _headers.WrittenCount;

        var written = _headers.WrittenSpan;
        if (written.StartsWith("\r\n"u8))
        {
            // no header section at all: the message starts with its empty line
            _length = 2;
            _complete = true;
            return;
        }

        var end = written[searchFrom..].IndexOf(EndOfHeaders);
        if (end >= 0)
        {
            _length = searchFrom + end + EndOfHeaders.Length;
            _complete = true;
        }
        else if (_headers.WrittenCount >= Limit)
        {
            _complete = true;
        }
    }
}
