using System.Net;
using MailKit.Security;

namespace Lockbox.Alerts;

/// <summary>
/// Where and how email alerts are handed over, parsed from <c>[[alert]] smarthost</c>:
/// <c>smtp://</c> (port 25, STARTTLS when offered, RFC 3207), <c>smtp+starttls://</c> (port 587,
/// STARTTLS required) or <c>smtps://</c> (port 465, implicit TLS, RFC 8314). Percent-encoded
/// <c>user:pass@</c> becomes the AUTH credential (RFC 4954). <see cref="ToString"/> and every
/// error message leave the credential out.
/// </summary>
internal sealed class SmarthostEndpoint
{
    private SmarthostEndpoint(
        string scheme,
        string host,
        int port,
        SecureSocketOptions security,
        NetworkCredential? login)
    {
        Scheme = scheme;
        Host = host;
        Port = port;
        Security = security;
        Credential = login;
    }

    public string Scheme { get; }

    public string Host { get; }

    public int Port { get; }

    public SecureSocketOptions Security { get; }

    public NetworkCredential? Credential { get; }

    /// <exception cref="ArgumentException">Unsupported scheme or no host; the message names
    /// neither the user nor the password.</exception>
    public static SmarthostEndpoint Parse(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);

        var scheme = url.Scheme.ToLowerInvariant();
        var (security, defaultPort) = scheme switch
        {
            "smtp" => (SecureSocketOptions.StartTlsWhenAvailable, 25),
            "smtp+starttls" => (SecureSocketOptions.StartTls, 587),
            "smtps" => (SecureSocketOptions.SslOnConnect, 465),
            _ => throw new ArgumentException(
                $"smarthost scheme '{scheme}' is not smtp, smtp+starttls or smtps", nameof(url)),
        };
        if (!url.IsAbsoluteUri || url.DnsSafeHost.Length == 0)
            throw new ArgumentException("smarthost URL has no host", nameof(url));

        var port = url.IsDefaultPort || url.Port < 0 ? defaultPort : url.Port;
        return new SmarthostEndpoint(scheme, url.DnsSafeHost, port, security, Login(url));
    }

    public override string ToString() => $"{Scheme}://{Host}:{Port}";

    private static NetworkCredential? Login(Uri url)
    {
        if (url.UserInfo.Length == 0)
            return null;

        // split before decoding: a %3A in the user or password is data, not the separator
        var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? url.UserInfo : url.UserInfo[..colon];
        var password = colon < 0 ? string.Empty : url.UserInfo[(colon + 1)..];
        return new NetworkCredential(
            Uri.UnescapeDataString(user), Uri.UnescapeDataString(password));
    }
}
