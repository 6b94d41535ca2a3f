using Lockbox.Vault;

namespace Lockbox.Alerts;

/// <summary>One (message, channel) delivery waiting in the durable queue.</summary>
/// <param name="DeliveryId">Queue row id.</param>
/// <param name="Channel">The <see cref="Configuration.AlertOptions.Name"/> it goes to.</param>
/// <param name="Message">The index row it tells about (never the sealed content).</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="FirstQueuedAt">When the delivery was queued (for the 48-hour give-up).</param>
public sealed record PendingAlert(
    long DeliveryId,
    string Channel,
    StoredMessage Message,
    int Attempts,
    DateTimeOffset FirstQueuedAt);
