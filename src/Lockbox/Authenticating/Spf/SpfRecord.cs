using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Lockbox.Authenticating.Spf;

/// <summary>One directive of an SPF record (RFC 7208 §4.6.1), still with its macros.</summary>
/// <param name="Qualifier">The result when it matches: Pass, Fail, SoftFail or Neutral.</param>
/// <param name="Mechanism">all, include, a, mx, ptr, ip4, ip6 or exists (lower case).</param>
/// <param name="DomainSpec">The target, unexpanded; null means the current domain.</param>
/// <param name="Network">ip4/ip6: the network address.</param>
internal sealed record SpfDirective(
    SpfResult Qualifier, string Mechanism, string? DomainSpec, IPAddress? Network,
    int Cidr4, int Cidr6);

/// <summary>A parsed <c>v=spf1</c> record. Parsing is strict: any syntax error makes the whole
/// record a permerror before a single mechanism is evaluated (RFC 7208 §4.6).</summary>
internal sealed record SpfRecord(IReadOnlyList<SpfDirective> Directives, string? Redirect)
{
    public static bool IsSpf(string text) =>
        text.Equals("v=spf1", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("v=spf1 ", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a record; null when it is not valid SPF.</summary>
    public static SpfRecord? Parse(string text)
    {
        var directives = new List<SpfDirective>();
        string? redirect = null;
        var sawExp = false;

        foreach (var term in text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var equals = term.IndexOf('=', StringComparison.Ordinal);
            var colon = term.IndexOfAny([':', '/']);
            if (equals > 0 && (colon < 0 || equals < colon))
            {
                // a modifier; unknown ones are ignored, but redirect and exp only once
                var name = term[..equals].ToLowerInvariant();
                var value = term[(equals + 1)..];
                if (name == "redirect")
                {
                    if (redirect is not null || value.Length == 0 || !SpfMacro.IsValid(value))
                        return null;
                    redirect = value;
                }
                else if (name == "exp")
                {
                    if (sawExp)
                        return null;
                    sawExp = true;
                }
                else if (!IsModifierName(name))
                {
                    return null;
                }

                continue;
            }

            var directive = ParseDirective(term);
            if (directive is null)
                return null;
            directives.Add(directive);
        }

        return new SpfRecord(directives, redirect);
    }

    private static SpfDirective? ParseDirective(string term)
    {
        var qualifier = term[0] switch
        {
            '+' => SpfResult.Pass,
            '-' => SpfResult.Fail,
            '~' => SpfResult.SoftFail,
            '?' => SpfResult.Neutral,
            _ => (SpfResult?)null,
        };
        var rest = qualifier is null ? term : term[1..];
        var end = rest.IndexOfAny([':', '/']);
        var name = (end < 0 ? rest : rest[..end]).ToLowerInvariant();
        var argument = end < 0 ? "" : rest[end..];
        var result = qualifier ?? SpfResult.Pass;

        return name switch
        {
            "all" when argument.Length == 0 => new(result, name, null, null, 32, 128),
            "include" or "exists" when argument.StartsWith(':') && argument.Length > 1
                && SpfMacro.IsValid(argument[1..]) =>
                new(result, name, argument[1..], null, 32, 128),
            "ptr" => ParseDomainOnly(result, name, argument),
            "a" or "mx" => ParseDomainCidr(result, name, argument),
            "ip4" or "ip6" => ParseIp(result, name, argument),
            _ => null,
        };
    }

    private static SpfDirective? ParseDomainOnly(SpfResult result, string name, string argument)
    {
        if (argument.Length == 0)
            return new(result, name, null, null, 32, 128);
        return argument.StartsWith(':') && argument.Length > 1 && SpfMacro.IsValid(argument[1..])
            ? new(result, name, argument[1..], null, 32, 128)
            : null;
    }

    // a[:domain][/cidr4][//cidr6]; the domain may itself contain '/' only inside macros, so the
    // CIDR suffix is taken from the end
    private static SpfDirective? ParseDomainCidr(SpfResult result, string name, string argument)
    {
        var cidr4 = 32;
        var cidr6 = 128;
        var body = argument;
        var dual = body.LastIndexOf("//", StringComparison.Ordinal);
        if (dual >= 0)
        {
            if (!TryPrefix(body[(dual + 2)..], 128, out cidr6))
                return null;
            body = body[..dual];
        }

        var single = body.LastIndexOf('/');
        if (single >= 0 && !body[(single + 1)..].Contains('}', StringComparison.Ordinal))
        {
            if (!TryPrefix(body[(single + 1)..], 32, out cidr4))
                return null;
            body = body[..single];
        }

        if (body.Length == 0)
            return new(result, name, null, null, cidr4, cidr6);
        return body.StartsWith(':') && body.Length > 1 && SpfMacro.IsValid(body[1..])
            ? new(result, name, body[1..], null, cidr4, cidr6)
            : null;
    }

    private static SpfDirective? ParseIp(SpfResult result, string name, string argument)
    {
        if (!argument.StartsWith(':'))
            return null;

        var text = argument[1..];
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var family = name == "ip4" ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        var max = name == "ip4" ? 32 : 128;
        var prefix = max;
        if (slash >= 0 && !TryPrefix(text[(slash + 1)..], max, out prefix))
            return null;

        var address = slash >= 0 ? text[..slash] : text;
        if (!IPAddress.TryParse(address, out var network) || network.AddressFamily != family
            || (family == AddressFamily.InterNetwork && address.Count(c => c == '.') != 3))
            return null;

        return name == "ip4"
            ? new(result, name, null, network, prefix, 128)
            : new(result, name, null, network, 32, prefix);
    }

    private static bool TryPrefix(string text, int max, out int prefix)
    {
        prefix = 0;
        return text.Length is > 0 and <= 3 && text.All(char.IsAsciiDigit)
            && (text.Length == 1 || text[0] != '0')
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out prefix)
            && prefix <= max;
    }

    private static bool IsModifierName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
