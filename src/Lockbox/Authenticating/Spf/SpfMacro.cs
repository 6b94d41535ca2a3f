using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lockbox.Authenticating.Spf;

/// <summary>The values macros expand to (RFC 7208 §7.2).</summary>
/// <param name="Sender">The identity checked, <c>local@domain</c>.</param>
/// <param name="Domain">The current domain (changes across include and redirect).</param>
internal sealed record SpfMacroContext(string Sender, string Domain, IPAddress Client, string Helo);

/// <summary>Macro expansion of a domain-spec (RFC 7208 §7). Only the letters allowed outside
/// an explanation are expanded; c, r and t make the record a permerror.</summary>
internal static class SpfMacro
{
    private const int MaxDomainLength = 253;

    /// <summary>True when the text's macros are well formed (checked while parsing).</summary>
    public static bool IsValid(string spec) => Expand(spec, null) is not null;

    /// <summary>Expands <paramref name="spec"/>; null when a macro is malformed.</summary>
    public static string? Expand(string spec, SpfMacroContext? context)
    {
        var output = new StringBuilder();
        for (var i = 0; i < spec.Length; i++)
        {
            var c = spec[i];
            if (c != '%')
            {
                if (c is < '!' or > '~')
                    return null;
                output.Append(c);
                continue;
            }

            if (i + 1 >= spec.Length)
                return null;

            var next = spec[++i];
            switch (next)
            {
                case '%': output.Append('%'); continue;
                case '_': output.Append(' '); continue;
                case '-': output.Append("%20"); continue;
                case '{': break;
                default: return null;
            }

            var close = spec.IndexOf('}', i);
            if (close < 0)
                return null;

            var expanded = ExpandOne(spec[(i + 1)..close], context);
            if (expanded is null)
                return null;

            output.Append(expanded);
            i = close;
        }

        return context is null ? "" : Truncate(output.ToString());
    }

    private static string? ExpandOne(string body, SpfMacroContext? context)
    {
        if (body.Length == 0)
            return null;

        var letter = char.ToLowerInvariant(body[0]);
        if (letter is not ('s' or 'l' or 'o' or 'd' or 'i' or 'p' or 'v' or 'h'))
            return null;

        // transformers: digits, then 'r'; then delimiters
        var at = 1;
        while (at < body.Length && char.IsAsciiDigit(body[at]))
            at++;
        var digits = body[1..at];
        var reverse = at < body.Length && body[at] is 'r' or 'R';
        if (reverse)
            at++;
        var delimiters = body[at..];
        if (delimiters.Any(d => ".-+,/_=".IndexOf(d, StringComparison.Ordinal) < 0))
            return null;

        var keep = 0;
        if (digits.Length > 0
            && (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out keep)
                || keep == 0))
            return null;

        if (context is null)
            return "";

        var value = Value(letter, context);
        var parts = value.Split(delimiters.Length == 0 ? ['.'] : delimiters.ToCharArray());
        if (reverse)
            Array.Reverse(parts);
        if (keep > 0 && keep < parts.Length)
            parts = parts[^keep..];

        var joined = string.Join('.', parts);
        return char.IsAsciiLetterUpper(body[0]) ? Uri.EscapeDataString(joined) : joined;
    }

    private static string Value(char letter, SpfMacroContext context)
    {
        var at = context.Sender.LastIndexOf('@');
        return letter switch
        {
            's' => context.Sender,
            'l' => context.Sender[..at],
            'o' => context.Sender[(at + 1)..],
            'd' => context.Domain,
            'i' => DottedAddress(context.Client),
            'v' => context.Client.AddressFamily == AddressFamily.InterNetwork ? "in-addr" : "ip6",
            'h' => context.Helo,

            // p asks for a validated reverse name, which RFC 7208 §7.3 discourages; "unknown"
            // is the value it names for when none is validated
            _ => "unknown",
        };
    }

    /// <summary>IPv4 as dotted quad, IPv6 as dot-separated nibbles (RFC 7208 §7.3).</summary>
    public static string DottedAddress(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return address.ToString();

        var bytes = address.GetAddressBytes();
        return string.Join('.', bytes.SelectMany(b => new[] { b >> 4, b & 0xF })
            .Select(n => n.ToString("x", CultureInfo.InvariantCulture)));
    }

    // RFC 7208 §7.3: left-hand labels go until the name fits
    private static string Truncate(string domain)
    {
        while (domain.Length > MaxDomainLength)
        {
            var dot = domain.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
                return domain;
            domain = domain[(dot + 1)..];
        }

        return domain;
    }
}
