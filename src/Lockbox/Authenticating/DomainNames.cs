namespace Lockbox.Authenticating;

/// <summary>Checks and comparisons of DNS names as sender checks need them.</summary>
internal static class DomainNames
{
    /// <summary>A name DNS can ask: labels of 1–63 characters, at most 253 in all, at least two
    /// labels (RFC 7208 §4.3: a single label is not a fully qualified domain), letters, digits,
    /// hyphen and underscore only (so an address literal such as [192.0.2.1] is no name).</summary>
    public static bool IsValid(string name)
    {
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        if (trimmed.Length is 0 or > 253)
            return false;

        var labels = trimmed.Split('.');
        return labels.Length >= 2 && labels.All(label => label.Length is > 0 and <= 63
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }

    /// <summary>The domain of an address (after the last @), lower case; empty when none.</summary>
    public static string DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? "" : Normalize(address[(at + 1)..]);
    }

    public static string Normalize(string domain) =>
        domain.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>True when <paramref name="name"/> is <paramref name="parent"/> or below it.
    /// </summary>
    public static bool IsSameOrSubdomain(string name, string parent) =>
        name.Equals(parent, StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("." + parent, StringComparison.OrdinalIgnoreCase);
}
