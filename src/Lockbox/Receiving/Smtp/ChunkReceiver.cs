using System.Net;
using Microsoft.Extensions.Logging;

using static Lockbox.Receiving.Smtp.Failures;

namespace Lockbox.Receiving.Smtp;

/// <summary>
/// The byte side of BDAT (RFC 3030 §2): every chunk is read to its exact length, whatever the
/// reply will be, so that its bytes can never be taken for commands. Accepted chunks stream
/// into one draft; refused ones are read and dropped.
/// </summary>
internal sealed class ChunkReceiver(
    SmtpConnection connection, SmtpServerOptions options, IMessageIntake intake, ILogger logger)
{
    private readonly MessageOutcome _outcome = new(options, logger);

    /// <summary>Opens the draft at the first chunk; null if the intake failed (451).</summary>
    public async Task<ChunkedMessage?> BeginAsync(Envelope envelope, CancellationToken ct)
    {
        var client = envelope.Client.Address;
        try
        {
            var draft = await intake.BeginAsync(envelope, ct);
            return new ChunkedMessage(draft,
                new BodyWriter(draft, options.MaxMessageSize, logger, client),
                new ChunkScanner(options.MaxDataLineLength), client);
        }
        catch (Exception e) when (IsFailure(e, ct))
        {
            SmtpLog.Failed(logger, "begin", client, e.GetType().Name);
            return null;
        }
    }

    /// <summary>
    /// Reads exactly <paramref name="size"/> bytes into <paramref name="message"/>, or drops
    /// them when it is null. False when the client vanished or timed out first.
    /// </summary>
    public async Task<bool> ReadAsync(long size, ChunkedMessage? message, CancellationToken ct)
    {
        var remaining = size;
        while (remaining > 0)
        {
            var result = await connection.ReadAsync(options.DataTimeout, ct);
            if (result.IsCanceled)
            {
                // a shutdown request waits for the end of the chunk; only a timeout ends it
                if (connection.TimedOut)
                {
                    return false;
                }

                continue;
            }

            var take = result.Buffer.Slice(0, Math.Min(remaining, result.Buffer.Length));
            if (message is not null)
            {
                foreach (var segment in take)
                {
                    message.Scanner.Scan(segment.Span);
                    await message.Body.WriteAsync(segment, message.Scanner, ct);
                }
            }

            remaining -= take.Length;
            connection.Reader.AdvanceTo(take.End);
            if (remaining > 0 && result.IsCompleted)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>After BDAT LAST: the one reply for the whole message.</summary>
    public async Task<SmtpReply> FinishAsync(ChunkedMessage message, CancellationToken ct)
    {
        message.Scanner.Finish();
        var (reply, id, outcome) = await _outcome.FinishAsync(
            message.Draft, message.Scanner, message.Body.Failed, message.Client, ct);
        SmtpLog.Message(logger, message.Client, id, message.Scanner.Size, outcome);
        return reply;
    }

    /// <summary>Disposes the draft; uncommitted, it is discarded.</summary>
    public Task DisposeAsync(ChunkedMessage message) =>
        _outcome.DisposeQuietlyAsync(message.Draft, message.Client);
}

/// <summary>A message arriving in BDAT chunks, between its first chunk and BDAT LAST.</summary>
internal sealed record ChunkedMessage(
    IMessageDraft Draft, BodyWriter Body, ChunkScanner Scanner, IPAddress Client);
