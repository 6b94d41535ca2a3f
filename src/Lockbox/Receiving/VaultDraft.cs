using System.Buffers;
using Lockbox.Vault;

namespace Lockbox.Receiving;

/// <summary>One message on its way into the vault: sealed on arrival, headers kept aside for
/// the summary, nothing written in the clear.</summary>
internal sealed class VaultDraft : IMessageDraft
{
    private readonly MessageIntake _intake;
    private bool _traceWritten;
    private StoreResult? _writeFailure;

    public VaultDraft(
        MessageIntake intake, Envelope envelope, string messageId, SealedMessageWriter writer)
    {
        _intake = intake;
        Envelope = envelope;
        MessageId = messageId;
        Writer = writer;
        if (envelope.ReversePath.Length == 0)
        {
            ReportPrefix = new ArrayBufferWriter<byte>(4096);
        }
    }

    public Envelope Envelope { get; }

    public string MessageId { get; }

    public SealedMessageWriter Writer { get; }

    public HeaderCapture Capture { get; } = new();

    /// <summary>The message in memory for DKIM, while it fits; null when no checks run.</summary>
    public Authenticating.MessageCopy? Copy { get; init; }

    /// <summary>For a null reverse-path only (a bounce or report), the message's first bytes,
    /// in memory, so the loop rule can see which message a report is about.</summary>
    public ArrayBufferWriter<byte>? ReportPrefix { get; private set; }

    /// <summary>Bytes the sender sent (the trace header is not counted).</summary>
    public long Size { get; private set; }

    public async ValueTask WriteAsync(
        ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (_writeFailure is not null)
        {
            return;
        }

        try
        {
            await EnsureTraceHeaderAsync(cancellationToken);
            Capture.Append(bytes.Span);
            Copy?.Append(bytes.Span);
            if (ReportPrefix is { } prefix
                && prefix.WrittenCount < Alerts.LoopRule.ReportPrefixLimit)
            {
                var room = Alerts.LoopRule.ReportPrefixLimit - prefix.WrittenCount;
                prefix.Write(bytes.Span[..Math.Min(room, bytes.Length)]);
            }

            Size += bytes.Length;
            await Writer.WriteAsync(bytes, cancellationToken);
        }
#pragma warning disable CA1031 // a failed write is answered after DATA, as 452 or 451
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            // the rest of the message is swallowed so the reply can come after the final dot,
            // and a full disk is told apart from other failures there (452 rather than 451)
            _writeFailure = _intake.StorageFailed(exception, MessageId);
        }
    }

    public async Task<StoreResult> CommitAsync(CancellationToken cancellationToken)
    {
        // an empty message has not written its trace header yet
        await WriteAsync(ReadOnlyMemory<byte>.Empty, cancellationToken);
        return _writeFailure ?? await _intake.CommitAsync(this, cancellationToken);
    }

    public ValueTask DisposeAsync() => Writer.DisposeAsync();

    private async ValueTask EnsureTraceHeaderAsync(CancellationToken cancellationToken)
    {
        if (_traceWritten)
        {
            return;
        }

        _traceWritten = true;
        await Writer.WriteAsync(_intake.TraceHeader(Envelope, MessageId), cancellationToken);
    }
}
