namespace Lockbox.Summarizing;

/// <summary>
/// The only view of a message's content that leaves the vault in the clear: what alerts and
/// <c>lockbox list</c> show. Every string here is one safe line (no control characters).
/// </summary>
/// <param name="From">Display form of the From header(s), e.g. <c>Bank
/// &lt;no-reply@bank.example&gt;</c>.</param>
/// <param name="Subject">Decoded, unfolded Subject, or <c>(no subject)</c>.</param>
public sealed record MessageSummary(string From, string Subject);
