using System.Net;
using System.Net.Sockets;

namespace Lockbox.Receiving.Smtp;

/// <summary>Character classes and small grammars of RFC 5321 §4.1.2 and RFC 6531 §3.3.</summary>
internal static class MailSyntax
{
    private const string AtextSymbols = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>atext, extended by RFC 6531 to any non-ASCII character.</summary>
    public static bool IsAtext(char c) =>
        char.IsAsciiLetterOrDigit(c) || AtextSymbols.Contains(c, StringComparison.Ordinal)
        || c > '\u007f';

    /// <summary>Atoms joined by single dots.</summary>
    public static bool IsDotAtom(string text) =>
        text.Length > 0 && text.Split('.').All(atom => atom.Length > 0 && atom.All(IsAtext));

    /// <summary>
    /// A domain (labels of letters, digits, hyphen, underscore or non-ASCII, with a trailing dot
    /// allowed so the intake sees it) or an IPv4 / IPv6 address literal (§4.1.3).
    /// </summary>
    public static bool IsDomain(string text)
    {
        if (text.StartsWith('['))
        {
            return IsAddressLiteral(text);
        }

        var name = text.EndsWith('.') ? text[..^1] : text;
        return name.Length > 0 && name.Split('.').All(label => label.Length is > 0 and <= 63
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || c > '\u007f'));
    }

    // TODO: General-address-literal (§4.1.3, "tag:content") is refused as a syntax error;
    // no standardized tag besides IPv6 exists, so only IPv4 and IPv6 literals are parsed.
    private static bool IsAddressLiteral(string text)
    {
        if (text.Length < 3 || !text.EndsWith(']'))
        {
            return false;
        }

        var inner = text[1..^1];
        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.TryParse(inner[5..], out var v6)
                && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }

        return inner.Split('.').Length == 4
            && inner.All(c => char.IsAsciiDigit(c) || c == '.')
            && IPAddress.TryParse(inner, out _);
    }
}
