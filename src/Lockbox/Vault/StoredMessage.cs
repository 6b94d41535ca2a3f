namespace Lockbox.Vault;

/// <summary>One row of the vault's clear index: all about a message that is not sealed.</summary>
/// <param name="Id">The id <c>lockbox read</c> takes.</param>
/// <param name="ReceivedAt">When the 250 was due (UTC).</param>
/// <param name="ReversePath">Envelope sender; empty for &lt;&gt;.</param>
/// <param name="Recipients">Accepted recovery addresses (envelope).</param>
/// <param name="Size">Bytes the sender sent, after dot-unstuffing.</param>
/// <param name="From">One-line From summary.</param>
/// <param name="Subject">One-line Subject summary.</param>
/// <param name="Sender">SPF, DKIM and DMARC verdict; null when not checked (messages stored
/// before sender checks existed).</param>
public sealed record StoredMessage(
    string Id,
    DateTimeOffset ReceivedAt,
    string ReversePath,
    IReadOnlyList<string> Recipients,
    long Size,
    string From,
    string Subject,
    Authenticating.SenderVerdict? Sender = null);
