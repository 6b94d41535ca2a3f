namespace Lockbox.Receiving;

/// <summary>
/// Where the SMTP engine hands what it receives. The engine owns the protocol; the intake owns
/// what becomes of accepted recipients and message bytes.
/// </summary>
public interface IMessageIntake
{
    /// <summary>Decides a RCPT TO address (already parsed out of its angle brackets).</summary>
    RecipientDecision CheckRecipient(string address);

    /// <summary>Starts a message once DATA begins; the draft receives the unstuffed
    /// bytes.</summary>
    Task<IMessageDraft> BeginAsync(Envelope envelope, CancellationToken cancellationToken);
}

/// <summary>A message being received. Disposing without a successful commit discards it.</summary>
public interface IMessageDraft : IAsyncDisposable
{
    /// <summary>Appends message bytes exactly as the sender meant them (dot-unstuffed). The
    /// engine reuses <paramref name="bytes"/> once this returns: copy what must be kept.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>Makes the message durable. Only a <see cref="StoreResult.Stored"/> allows
    /// 250.</summary>
    Task<StoreResult> CommitAsync(CancellationToken cancellationToken);
}
