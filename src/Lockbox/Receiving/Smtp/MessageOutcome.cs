using System.Net;
using Microsoft.Extensions.Logging;

using static Lockbox.Receiving.Smtp.Failures;

namespace Lockbox.Receiving.Smtp;

/// <summary>
/// The end of a message, by DATA or by BDAT LAST: refuse what its framing or size rules out,
/// otherwise commit, and turn the outcome into the one reply. No failure inside Lockbox ever
/// becomes a 5yz or a 250.
/// </summary>
internal sealed class MessageOutcome(SmtpServerOptions options, ILogger logger)
{
    public async Task<(SmtpReply Reply, string? Id, string Outcome)> FinishAsync(
        IMessageDraft draft, IMessageFraming framing, bool writeFailed, IPAddress client,
        CancellationToken ct)
    {
        if (framing.SawBareLineEnding)
        {
            return (SmtpReplies.BareLineEnding, null, "rejected: bare CR or LF");
        }

        if (framing.SawLongLine)
        {
            return (SmtpReplies.DataLineTooLong, null, "rejected: line too long");
        }

        if (framing.Size > options.MaxMessageSize)
        {
            return (SmtpReplies.SizeExceeded, null, "rejected: too big");
        }

        if (writeFailed)
        {
            return (SmtpReplies.LocalError, null, "deferred: write failed");
        }

        StoreResult stored;
        try
        {
            stored = await draft.CommitAsync(ct);
        }
        catch (Exception e) when (IsFailure(e, ct))
        {
            SmtpLog.Failed(logger, "commit", client, e.GetType().Name);
            return (SmtpReplies.LocalError, null, "deferred: commit threw");
        }

        return stored switch
        {
            { Outcome: StoreOutcome.Stored, MessageId: { } id } =>
                (SmtpReplies.Queued(SafeId(id)), id, "stored"),
            { Outcome: StoreOutcome.DiskFull } =>
                (SmtpReplies.DiskFull, null, "deferred: disk full"),
            _ => (SmtpReplies.LocalError, null, "deferred: temporary failure"),
        };
    }

    // The id goes into a reply line; anything but visible ASCII would corrupt the protocol.
    private static string SafeId(string id) =>
        string.Concat(id.Where(c => c is > ' ' and < '\u007f'));

    public async Task DisposeQuietlyAsync(IMessageDraft draft, IPAddress client)
    {
        try
        {
            await draft.DisposeAsync();
        }
        catch (Exception e)
        {
            // after a commit the message is durable; after none, nothing was promised
            SmtpLog.Failed(logger, "dispose", client, e.GetType().Name);
        }
    }
}
