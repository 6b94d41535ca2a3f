using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Lockbox.Configuration;

/// <summary>
/// Listen endpoints: <c>192.0.2.1:25</c> or <c>[2001:db8::1]:25</c>. Only IP literals are
/// accepted, because resolving a name at start-up would make the bound address depend on DNS.
/// Port 0 asks the system for any free port.
/// </summary>
public static class EndpointParser
{
    /// <summary>Parses an endpoint.</summary>
    /// <exception cref="FormatException">The text is not an IP literal with a port; the
    /// message explains which part is wrong.</exception>
    public static IPEndPoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        return TryParse(text, out var endpoint, out var error)
            ? endpoint
            : throw new FormatException(error);
    }

    /// <summary>Parses an endpoint; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, out IPEndPoint endpoint, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        endpoint = new IPEndPoint(IPAddress.None, 0);
        error = "";

        // the port follows the last colon; an IPv6 address keeps its colons inside brackets
        var colon = text.LastIndexOf(':');
        if (text.StartsWith('[') && !text.Contains("]:", StringComparison.Ordinal))
        {
            error = "expected [v6]:port, as in [::1]:25";
            return false;
        }

        if (colon <= 0)
        {
            error = "expected host:port or [v6]:port";
            return false;
        }

        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (!TryParsePort(portText, out var port))
        {
            error = "the port must be a number from 0 to 65535";
            return false;
        }

        IPAddress? address;
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            if (!IPAddress.TryParse(host[1..^1], out address)
                || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = "the part in brackets is not an IPv6 address";
                return false;
            }
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            error = "an IPv6 address needs brackets, as in [::1]:25";
            return false;
        }
        else if (!TryParseIPv4(host, out address))
        {
            error = "the host must be an IP address such as 127.0.0.1 (names are not resolved)";
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }

    private static bool TryParsePort(string text, out int port)
    {
        port = 0;
        return text.Length is > 0 and <= 5
            && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port <= IPEndPoint.MaxPort;
    }

    // IPAddress.TryParse also takes "127.1" and "2130706433"; a config wants four octets.
    private static bool TryParseIPv4(string text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            // a leading zero would read as octal to inet_aton-style parsers; refuse the doubt
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit)
                || (part.Length > 1 && part[0] == '0')
                || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return IPAddress.TryParse(text, out address);
    }
}
