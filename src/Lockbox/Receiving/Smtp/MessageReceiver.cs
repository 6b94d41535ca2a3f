using System.Buffers;
using Microsoft.Extensions.Logging;

using static Lockbox.Receiving.Smtp.Failures;

namespace Lockbox.Receiving.Smtp;

/// <summary>
/// Runs the DATA phase (RFC 5321 §3.3, §4.1.1.4): opens a draft before the 354, streams the
/// unstuffed bytes into it in bounded chunks, reads to the real end whatever goes wrong, and
/// commits only a clean message. The reply follows from the outcome alone; no failure inside
/// Lockbox ever becomes a 5yz or a 250.
/// </summary>
internal sealed class MessageReceiver(
    SmtpConnection connection, SmtpServerOptions options, IMessageIntake intake, ILogger logger)
{
    private const int ChunkSize = 64 * 1024;

    private readonly MessageOutcome _outcome = new(options, logger);

    /// <summary>
    /// Receives one message. Returns the final reply, or null when the client vanished or
    /// timed out mid-DATA; then the draft was disposed uncommitted and nothing is stored.
    /// </summary>
    public async Task<SmtpReply?> ReceiveAsync(Envelope envelope, CancellationToken ct)
    {
        var client = envelope.Client.Address;
        IMessageDraft draft;
        try
        {
            await connection.FlushAsync(ct);
            draft = await intake.BeginAsync(envelope, ct);
        }
        catch (Exception e) when (IsFailure(e, ct))
        {
            SmtpLog.Failed(logger, "begin", client, e.GetType().Name);
            return SmtpReplies.LocalError;
        }

        try
        {
            connection.Write(SmtpReplies.StartMailInput);
            var body = new BodyWriter(draft, options.MaxMessageSize, logger, client);
            var decoder = await ReadBodyAsync(body, ct);
            if (decoder is null)
            {
                SmtpLog.Message(logger, client, null, 0, "connection lost in DATA");
                return null;
            }

            var (reply, id, outcome) =
                await _outcome.FinishAsync(draft, decoder, body.Failed, client, ct);
            SmtpLog.Message(logger, client, id, decoder.Size, outcome);
            return reply;
        }
        finally
        {
            await _outcome.DisposeQuietlyAsync(draft, client);
        }
    }

    private async Task<DataDecoder?> ReadBodyAsync(BodyWriter body, CancellationToken ct)
    {
        var decoder = new DataDecoder(options.MaxDataLineLength);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var filled = 0;
            while (!decoder.Finished)
            {
                var result = await connection.ReadAsync(options.DataTimeout, ct);
                if (result.IsCanceled)
                {
                    // a shutdown request waits for the end of DATA; only a timeout ends it
                    if (connection.TimedOut)
                    {
                        return null;
                    }

                    continue;
                }

                var buffer = result.Buffer;
                long consumed = 0;
                foreach (var segment in buffer)
                {
                    var offset = 0;
                    while (offset < segment.Length && !decoder.Finished)
                    {
                        var input = segment.Span[offset..];
                        offset += decoder.Decode(input, chunk.AsSpan(filled), out var produced);
                        filled += produced;
                        if (chunk.Length - filled < DataDecoder.MaxStepOutput)
                        {
                            await body.WriteAsync(chunk.AsMemory(0, filled), decoder, ct);
                            filled = 0;
                        }
                    }

                    consumed += offset;
                    if (decoder.Finished)
                    {
                        break;
                    }
                }

                connection.Reader.AdvanceTo(buffer.GetPosition(consumed));
                if (!decoder.Finished && result.IsCompleted)
                {
                    return null;
                }
            }

            await body.WriteAsync(chunk.AsMemory(0, filled), decoder, ct);
            return decoder;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
