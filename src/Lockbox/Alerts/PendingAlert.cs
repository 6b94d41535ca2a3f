using Lockbox.Vault;

namespace Lockbox.Alerts;

/// <summary>One delivery waiting in the durable queue: of a message, of a flood digest
/// (<see cref="Digest"/>) or of a <c>lockbox read</c> (<see cref="Read"/>).</summary>
/// <param name="DeliveryId">Queue row id; stable across retries, so receivers can use it to
/// drop a duplicate sent again after a crash.</param>
/// <param name="Channel">The <see cref="Configuration.AlertOptions.Name"/> it goes to.</param>
/// <param name="Message">The index row it tells about (never the sealed content); for a digest
/// the first message it sums up; null for a read, which may name no stored message.</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="FirstQueuedAt">When the delivery was queued (for the 48-hour give-up).</param>
public sealed record PendingAlert(
    long DeliveryId,
    string Channel,
    StoredMessage? Message,
    int Attempts,
    DateTimeOffset FirstQueuedAt)
{
    /// <summary>Set when this delivery sums up a flood instead of telling of one message.</summary>
    public AlertDigest? Digest { get; init; }

    /// <summary>Set when this delivery tells of a read attempt; <see cref="Message"/> is then
    /// null.</summary>
    public ReadAttempt? Read { get; init; }

    /// <summary>The message id it tells about: the stored message's, or the id a read asked
    /// for.</summary>
    public string MessageId => Read?.MessageId ?? Message?.Id ?? "";

    /// <summary>The message of a message or digest alert.</summary>
    /// <exception cref="InvalidOperationException">This is a read alert.</exception>
    public StoredMessage StoredMessage => Message
        ?? throw new InvalidOperationException("a read alert tells of no stored message");
}

/// <summary>A flood summed up: <paramref name="Count"/> messages for
/// <paramref name="Address"/> from <paramref name="Since"/> until <paramref name="Until"/>, the
/// first of which is the delivery's message.</summary>
public sealed record AlertDigest(
    string Address, int Count, DateTimeOffset Since, DateTimeOffset Until);
