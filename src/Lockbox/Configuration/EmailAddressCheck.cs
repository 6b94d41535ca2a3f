namespace Lockbox.Configuration;

/// <summary>
/// A deliberately strict address check for the config: <c>dot-atom@domain</c> in ASCII
/// (RFC 5321 section 4.1.2 without quoted local parts or address literals). Addresses a box
/// is reached at are chosen by its owner, so refusing the exotic forms costs nothing.
/// </summary>
internal static class EmailAddressCheck
{
    private const string AtomSpecials = "!#$%&'*+/=?^_`{|}~-";

    /// <summary>Null when valid, else why not. The address itself is never echoed: recovery
    /// addresses are meant to stay unguessable.</summary>
    public static string? Problem(string address, bool allowWildcard)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return "is not an address of the form local@domain";
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        if (address.Length > 254 || local.Length > 64)
        {
            return "is too long (RFC 5321 section 4.5.3.1)";
        }

        if (local == "*")
        {
            return allowWildcard ? DomainProblem(domain) : "may not use the * wildcard here";
        }

        return IsDotAtom(local)
            ? DomainProblem(domain)
            : "has a local part that is not dots between runs of letters, digits and "
                + AtomSpecials;
    }

    /// <summary>Null when <paramref name="domain"/> is a valid host name, else why not.</summary>
    public static string? DomainProblem(string domain)
    {
        if (domain.Length is 0 or > 253)
        {
            return "has a domain that is empty or longer than 253 characters";
        }

        foreach (var label in domain.Split('.'))
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-')
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return "has a domain that is not a valid host name";
            }
        }

        return null;
    }

    private static bool IsDotAtom(string local) =>
        local.Split('.').All(atom => atom.Length > 0
            && atom.All(c => char.IsAsciiLetterOrDigit(c) || AtomSpecials.Contains(c)));
}
