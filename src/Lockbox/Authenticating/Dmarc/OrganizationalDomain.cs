namespace Lockbox.Authenticating.Dmarc;

/// <summary>
/// The organizational domain of RFC 7489 §3.2: the public suffix plus one label. The Public
/// Suffix List is read from Debian's <c>publicsuffix</c> package when installed; without it,
/// the last two labels are taken.
/// </summary>
public sealed class OrganizationalDomain
{
    /// <summary>Where Debian's <c>publicsuffix</c> package puts the list.</summary>
    public const string DebianListPath = "/usr/share/publicsuffix/public_suffix_list.dat";

    private readonly HashSet<string> _rules = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wildcards = new(StringComparer.Ordinal);
    private readonly HashSet<string> _exceptions = new(StringComparer.Ordinal);

    private OrganizationalDomain(IEnumerable<string> lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
                continue;

            var rule = line.Split(' ', '\t')[0].ToLowerInvariant();
            if (rule.StartsWith("*.", StringComparison.Ordinal))
                _wildcards.Add(rule[2..]);
            else if (rule.StartsWith('!'))
                _exceptions.Add(rule[1..]);
            else
                _rules.Add(rule);
        }
    }

    /// <summary>The list from <paramref name="path"/>; an empty list (last two labels) when
    /// the file is absent.</summary>
    public static OrganizationalDomain Load(string path = DebianListPath)
    {
        // TODO: without the publicsuffix package, names under multi-label suffixes (co.uk)
        // get the suffix as their organizational domain; ship the list to remove the doubt.
        return File.Exists(path)
            ? new OrganizationalDomain(File.ReadLines(path))
            : new OrganizationalDomain([]);
    }

    /// <summary>A list given as text, for tests.</summary>
    public static OrganizationalDomain FromRules(IEnumerable<string> lines) => new(lines);

    public string Of(string domain)
    {
        var labels = DomainNames.Normalize(domain).Split('.');
        var suffixLength = PublicSuffixLength(labels);
        var take = Math.Min(labels.Length, suffixLength + 1);
        return string.Join('.', labels[^take..]);
    }

    // RFC 7489 §3.2 and the list's own algorithm: the longest matching rule; an exception rule
    // removes one label; no rule at all means the rule "*" (the last label)
    private int PublicSuffixLength(string[] labels)
    {
        var longest = 1;
        for (var length = 1; length <= labels.Length; length++)
        {
            var candidate = string.Join('.', labels[^length..]);
            if (_exceptions.Contains(candidate))
                return length - 1;
            if (_rules.Contains(candidate))
                longest = length;
            if (length < labels.Length && _wildcards.Contains(candidate))
                longest = length + 1;
        }

        return longest;
    }
}
