using System.Net;
using Microsoft.Extensions.Logging;

using static Lockbox.Receiving.Smtp.Failures;

namespace Lockbox.Receiving.Smtp;

/// <summary>
/// Hands decoded chunks to the draft until the message is known to be refused: too big,
/// badly framed, or a write already failed. After that chunks are dropped, so a huge or
/// hostile message costs reading time but no storage and no memory.
/// </summary>
internal sealed class BodyWriter(
    IMessageDraft draft, long maxSize, ILogger logger, IPAddress client)
{
    /// <summary>True once a draft write threw; the message then gets 451.</summary>
    public bool Failed { get; private set; }

    public async ValueTask WriteAsync(
        ReadOnlyMemory<byte> chunk, IMessageFraming framing, CancellationToken ct)
    {
        var refused = Failed || framing.Size > maxSize
            || framing.SawBareLineEnding || framing.SawLongLine;
        if (chunk.IsEmpty || refused)
        {
            return;
        }

        try
        {
            await draft.WriteAsync(chunk, ct);
        }
        catch (Exception e) when (IsFailure(e, ct))
        {
            Failed = true;
            SmtpLog.Failed(logger, "write", client, e.GetType().Name);
        }
    }
}
