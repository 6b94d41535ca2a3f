namespace Lockbox.Receiving;

/// <summary>The verdict on one RCPT TO address.</summary>
public enum RecipientVerdict
{
    /// <summary>A configured recovery address: 250 2.1.5.</summary>
    Accepted,

    /// <summary>A configured domain but no such mailbox: 550 5.1.1.</summary>
    UnknownMailbox,

    /// <summary>Not a domain of this box, so relaying: 554 5.7.1.</summary>
    RelayDenied,
}

/// <summary>A recipient verdict and, when accepted, the address in its configured form.</summary>
public sealed record RecipientDecision(RecipientVerdict Verdict, string? Mailbox = null);
