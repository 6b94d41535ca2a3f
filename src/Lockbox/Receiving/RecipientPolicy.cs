using Lockbox.Configuration;

namespace Lockbox.Receiving;

/// <summary>
/// Decides RCPT TO against the configured recovery addresses and nothing else: the envelope, not
/// any header, is what makes a message acceptable, so a box can never be turned into a relay.
/// </summary>
/// <remarks>
/// Local part and domain compare case-insensitively (RFC 5321 §2.4 lets a server treat local
/// parts so, and a recovery address must not hinge on case). Plus tags are off by default: an
/// address with a tag is a different, unknown mailbox, because a guessable tag would widen
/// what a sender must know. With <paramref name="plusTags"/>, <c>name+tag@</c> that is not
/// itself configured delivers to <c>name@</c>. A configured local part of <c>*</c> accepts any
/// local part at its domain (the trial's <c>recovery.localhost</c>).
/// </remarks>
public sealed class RecipientPolicy(
    IReadOnlyList<RecoveryAddress> addresses, bool plusTags = false)
{
    private const string AnyLocalPart = "*";

    public RecipientDecision Check(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return new RecipientDecision(RecipientVerdict.UnknownMailbox);
        }

        var localPart = address[..at];
        var domain = address[(at + 1)..];
        var decision = Check(localPart, domain);
        var untagged = WithoutTag(localPart);
        return decision.Verdict == RecipientVerdict.UnknownMailbox && untagged != localPart
            ? Check(untagged, domain)
            : decision;
    }

    private RecipientDecision Check(string localPart, string domain)
    {
        var domainIsOurs = false;
        foreach (var configured in addresses)
        {
            var configuredAt = configured.Email.LastIndexOf('@');
            var configuredLocal = configured.Email[..configuredAt];
            var configuredDomain = configured.Email[(configuredAt + 1)..];
            if (!string.Equals(domain, configuredDomain, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            domainIsOurs = true;
            if (configuredLocal == AnyLocalPart && IsPlainLocalPart(localPart))
            {
                return new RecipientDecision(RecipientVerdict.Accepted,
                    WithoutTag(localPart).ToLowerInvariant() + "@" + configuredDomain);
            }

            if (string.Equals(localPart, configuredLocal, StringComparison.OrdinalIgnoreCase))
            {
                return new RecipientDecision(RecipientVerdict.Accepted, configured.Email);
            }
        }

        return new RecipientDecision(
            domainIsOurs ? RecipientVerdict.UnknownMailbox : RecipientVerdict.RelayDenied);
    }

    /// <summary>The local part up to its first <c>+</c> when plus tags are on.</summary>
    private string WithoutTag(string localPart)
    {
        var plus = plusTags ? localPart.IndexOf('+', StringComparison.Ordinal) : -1;
        return plus > 0 ? localPart[..plus] : localPart;
    }

    /// <summary>A wildcard still refuses local parts that hide another route (%, !, @,
    /// quotes).</summary>
    private static bool IsPlainLocalPart(string localPart) =>
        localPart.Length <= 64
        && localPart.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+')
        && !localPart.StartsWith('.') && !localPart.EndsWith('.');
}
