using System.Globalization;

namespace Lockbox.Receiving.Smtp;

/// <summary>BDAT (RFC 3030 CHUNKING): a message in chunks of announced length.</summary>
internal sealed partial class SmtpSession
{
    private ChunkedMessage? _chunked;

    private async Task<bool> ChunkCommandAsync(string argument, CancellationToken ct)
    {
        if (!TryParseChunk(argument, out var size, out var last))
        {
            // without a length the chunk's bytes cannot be told from commands: end here
            Reply(SmtpReplies.SyntaxError);
            return false;
        }

        var refusal = _transaction switch
        {
            null => SmtpReplies.NeedMail,
            { Recipients.Count: 0 } => SmtpReplies.NeedRecipient,
            _ => null,
        };
        if (refusal is null && _chunked is null)
        {
            _chunked = await _chunks.BeginAsync(Envelope(_transaction!), ct);
            refusal = _chunked is null ? SmtpReplies.LocalError : null;
        }

        if (!await ReadChunkAsync(size, refusal is null ? _chunked : null, ct))
        {
            if (_connection.TimedOut)
            {
                _connection.Write(SmtpReplies.Timeout);
            }

            return false;
        }

        if (refusal is not null)
        {
            // a chunk of a failed transaction: RFC 3030 §2 wants its bytes read and refused
            _transaction = refusal == SmtpReplies.LocalError ? null : _transaction;
            Reply(refusal);
            return true;
        }

        if (!last)
        {
            _connection.Write(SmtpReplies.ChunkReceived(size));
            return true;
        }

        var reply = await _chunks.FinishAsync(_chunked!, ct);
        await DiscardChunkedAsync();
        _transaction = null;
        _connection.Write(reply);
        _accepted += reply.Code == 250 ? 1 : 0;
        return true;
    }

    /// <summary>Ends a chunked message that did not reach BDAT LAST; nothing is stored.
    /// </summary>
    private async Task DiscardChunkedAsync()
    {
        if (_chunked is { } chunked)
        {
            _chunked = null;
            await _chunks.DisposeAsync(chunked);
        }
    }

    private async Task<bool> ReadChunkAsync(
        long size, ChunkedMessage? message, CancellationToken ct)
    {
        lock (_gate)
        {
            _inData = true;
        }

        try
        {
            return await _chunks.ReadAsync(size, message, ct);
        }
        finally
        {
            lock (_gate)
            {
                _inData = false;
            }
        }
    }

    // "BDAT" SP chunk-size [SP "LAST"] (RFC 3030 §2)
    private static bool TryParseChunk(string argument, out long size, out bool last)
    {
        var parts = argument.Split(' ');
        last = parts.Length == 2
            && parts[1].Equals("LAST", StringComparison.OrdinalIgnoreCase);
        size = 0;
        if (parts.Length > 2 || parts.Length == 2 && !last)
        {
            return false;
        }

        var digits = parts[0];
        return digits.Length is > 0 and <= 18 && digits.All(char.IsAsciiDigit)
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }
}
