using System.Net;

namespace Lockbox.Configuration;

/// <summary>Reads the keys of the HTTP channels: <c>ntfy</c> (url, optional token) and
/// <c>webhook</c> (url, secret). Tokens and secrets are registered with the error scrubber
/// before anything else is checked, so no message about the table can carry them.</summary>
internal static class HttpAlertSection
{
    /// <summary>Shorter HMAC keys are guessable offline from one signed request.</summary>
    public const int MinSecretLength = 16;

    public static AlertOptions ReadNtfy(TableReader reader, string name)
    {
        var token = reader.OptionalString("token");
        if (token is not null)
        {
            reader.Errors.AddSecret(token);
            if (token.Length == 0 || token.Any(c => c is < '!' or > '~'))
            {
                throw reader.Errors.At(reader.Get("token")!,
                    $"{reader.Name("token")} must be a non-empty token of printable ASCII");
            }
        }

        var url = ReadUrl(reader, "\"https://ntfy.example/topic\"");
        var segments = url.AbsolutePath.Trim('/').Split('/');
        if (segments[^1].Length is 0 or > 64
            || !segments[^1].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw reader.Errors.At(reader.Get("url")!,
                $"{reader.Name("url")} must end in a topic name of letters, digits, - and _, "
                + "e.g. https://ntfy.example/lockbox-alerts");
        }

        return new AlertOptions(name, "ntfy") { Url = url, Token = token };
    }

    public static AlertOptions ReadWebhook(TableReader reader, string name)
    {
        var secret = reader.OptionalString("secret");
        if (secret is not null)
        {
            reader.Errors.AddSecret(secret);
        }

        secret = reader.RequiredString("secret", "\"a long random string\"");
        if (secret.Length < MinSecretLength)
        {
            throw reader.Errors.At(reader.Get("secret")!,
                $"{reader.Name("secret")} must be at least {MinSecretLength} characters");
        }

        var url = ReadUrl(reader, "\"https://hooks.example/lockbox\"");
        return new AlertOptions(name, "webhook") { Url = url, Secret = secret };
    }

    private static Uri ReadUrl(TableReader reader, string example)
    {
        var text = reader.RequiredString("url", example);
        var node = reader.Get("url")!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url)
            || url.Scheme is not ("https" or "http") || url.Host.Length == 0)
        {
            throw reader.Errors.At(node,
                $"{reader.Name("url")} must be an https:// URL such as {example}");
        }

        if (url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw reader.Errors.At(node, $"{reader.Name("url")} must have no user:password@, "
                + "query or fragment; credentials go in their own key");
        }

        // plain http would show the token, the signature and the summary to the network
        if (url.Scheme == "http" && !IsLoopback(url))
        {
            throw reader.Errors.At(node,
                $"{reader.Name("url")} must use https:// (http:// only to this machine)");
        }

        return url;
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback
        || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(url.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
}
