namespace Lockbox.Authenticating.Dkim;

/// <summary>The tags of a DKIM-Signature the verdict needs (RFC 6376 §3.5): d=, i=, h=.
/// Verification itself is MimeKit's; these only decide alignment and sanity.</summary>
internal sealed record DkimSignatureTags(
    string Domain, string? Identity, IReadOnlyList<string> SignedHeaders)
{
    public static DkimSignatureTags? Parse(string value)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in value.Split(';'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                continue;

            var name = part[..equals].Trim();
            var tagValue = string.Concat(part[(equals + 1)..].Where(c => !char.IsWhiteSpace(c)));

            // a tag twice makes the signature invalid (RFC 6376 §3.2)
            if (!tags.TryAdd(name, tagValue))
                return null;
        }

        if (!tags.TryGetValue("d", out var domain) || domain.Length == 0
            || !tags.TryGetValue("h", out var headers))
            return null;

        return new DkimSignatureTags(
            DomainNames.Normalize(domain),
            tags.GetValueOrDefault("i"),
            headers.Split(':').Select(h => h.Trim().ToLowerInvariant()).ToList());
    }

    /// <summary>RFC 6376 §6.1.1: From must be signed, and i= must be d= or below it.</summary>
    public bool IsAcceptable()
    {
        if (!SignedHeaders.Contains("from"))
            return false;

        if (Identity is null)
            return true;

        var identityDomain = DomainNames.DomainOf(Identity);
        return identityDomain.Length > 0 && DomainNames.IsSameOrSubdomain(identityDomain, Domain);
    }
}
