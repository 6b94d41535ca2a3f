namespace Lockbox.Alerts;

/// <summary>One delivery as <c>lockbox alerts</c> shows it.</summary>
/// <param name="State"><c>pending</c>, <c>sent</c> or <c>failed</c> (given up).</param>
/// <param name="LastError">An <see cref="AlertErrorClass"/>, never server text.</param>
/// <param name="DigestCount">For a flood digest, how many messages it sums up so far.</param>
public sealed record DeliveryStatus(
    long DeliveryId,
    string MessageId,
    string Channel,
    string State,
    int Attempts,
    DateTimeOffset QueuedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? SentAt,
    string? LastError,
    int? DigestCount)
{
    /// <summary>Set when the delivery tells of a <c>lockbox read</c>; <see cref="MessageId"/>
    /// is then the id that read asked for.</summary>
    public Vault.ReadOutcome? ReadOutcome { get; init; }
}

/// <summary>A message stored and listed but not alerted, and why (see
/// <see cref="LoopRule"/>).</summary>
public sealed record QuietMessage(string MessageId, string Reason);
