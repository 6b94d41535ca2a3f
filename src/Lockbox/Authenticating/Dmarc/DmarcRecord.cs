namespace Lockbox.Authenticating.Dmarc;

/// <summary>The policies of RFC 7489 §6.3.</summary>
public enum DmarcPolicy
{
    None,
    Quarantine,
    Reject,
}

/// <summary>The parts of a <c>v=DMARC1</c> record that decide the verdict (RFC 7489 §6.3).
/// Reporting tags are ignored: Lockbox sends no reports.</summary>
/// <param name="SubdomainPolicy">sp=, else p=.</param>
/// <param name="StrictDkim">adkim=s.</param>
/// <param name="StrictSpf">aspf=s.</param>
internal sealed record DmarcRecord(
    DmarcPolicy Policy, DmarcPolicy SubdomainPolicy, bool StrictDkim, bool StrictSpf)
{
    public static bool IsDmarc(string text) =>
        text.StartsWith("v=DMARC1", StringComparison.Ordinal)
        && (text.Length == 8 || text[8] is ';' or ' ' or '\t');

    /// <summary>Parses a record; null when it has no valid p= (then it is as if absent,
    /// RFC 7489 §6.6.3), or a tag has a value outside its grammar.</summary>
    public static DmarcRecord? Parse(string text)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(';'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
                tags.TryAdd(part[..equals].Trim().ToLowerInvariant(), part[(equals + 1)..].Trim());
        }

        var policy = ParsePolicy(tags.GetValueOrDefault("p"));
        if (policy is null)
            return null;

        var subdomain = tags.TryGetValue("sp", out var sp) ? ParsePolicy(sp) : policy;
        var adkim = tags.GetValueOrDefault("adkim", "r").ToLowerInvariant();
        var aspf = tags.GetValueOrDefault("aspf", "r").ToLowerInvariant();
        if (subdomain is null || adkim is not ("r" or "s") || aspf is not ("r" or "s"))
            return null;

        return new DmarcRecord(policy.Value, subdomain.Value, adkim == "s", aspf == "s");
    }

    private static DmarcPolicy? ParsePolicy(string? text) => text?.ToLowerInvariant() switch
    {
        "none" => DmarcPolicy.None,
        "quarantine" => DmarcPolicy.Quarantine,
        "reject" => DmarcPolicy.Reject,
        _ => null,
    };
}
