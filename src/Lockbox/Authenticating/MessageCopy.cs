using System.Buffers;

namespace Lockbox.Authenticating;

/// <summary>
/// The message as the sender sent it, kept in memory only as long as it fits in
/// <see cref="Limit"/>, for DKIM's body hash. It is never written anywhere: the vault keeps
/// only the sealed copy.
/// </summary>
public sealed class MessageCopy(int limit)
{
    /// <summary>What DKIM verification holds in memory by default per message.</summary>
    public const int DefaultLimit = 1024 * 1024;

    private ArrayBufferWriter<byte>? _bytes = new(Math.Min(limit, 64 * 1024));

    public int Limit => limit;

    /// <summary>True once the message outgrew <see cref="Limit"/>; the copy is then dropped.
    /// </summary>
    public bool TooLarge => _bytes is null;

    /// <summary>The whole message; empty once <see cref="TooLarge"/>.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes?.WrittenMemory ?? ReadOnlyMemory<byte>.Empty;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_bytes is null)
            return;

        if (_bytes.WrittenCount + bytes.Length > limit)
        {
            // TODO: DKIM of larger messages needs the body hash computed while the bytes stream
            // past; MimeKit's verifier only takes a whole parsed message.
            _bytes = null;
            return;
        }

        _bytes.Write(bytes);
    }
}
