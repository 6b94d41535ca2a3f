using Lockbox.Vault;

namespace Lockbox.Alerts;

/// <summary>One (message, channel) delivery waiting in the durable queue.</summary>
/// <param name="DeliveryId">Queue row id; stable across retries, so receivers can use it to
/// drop a duplicate sent again after a crash.</param>
/// <param name="Channel">The <see cref="Configuration.AlertOptions.Name"/> it goes to.</param>
/// <param name="Message">The index row it tells about (never the sealed content); for a digest
/// the first message it sums up.</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="FirstQueuedAt">When the delivery was queued (for the 48-hour give-up).</param>
public sealed record PendingAlert(
    long DeliveryId,
    string Channel,
    StoredMessage Message,
    int Attempts,
    DateTimeOffset FirstQueuedAt)
{
    /// <summary>Set when this delivery sums up a flood instead of telling of one message.</summary>
    public AlertDigest? Digest { get; init; }
}

/// <summary>A flood summed up: <paramref name="Count"/> messages for
/// <paramref name="Address"/> from <paramref name="Since"/> until <paramref name="Until"/>, the
/// first of which is the delivery's message.</summary>
public sealed record AlertDigest(
    string Address, int Count, DateTimeOffset Since, DateTimeOffset Until);
