using System.Net;

namespace Lockbox.Configuration;

/// <summary>
/// The relay that email alerts go through: <c>smtp://</c> (STARTTLS when the server offers it),
/// <c>smtp+starttls://</c> (STARTTLS required) or <c>smtps://</c> (TLS from the first byte,
/// RFC 8314 section 3.3), with an optional percent-encoded <c>user:password@</c>.
/// </summary>
public static class Smarthost
{
    /// <summary>The schemes a smarthost URL may use.</summary>
    public static IReadOnlyList<string> Schemes { get; } = ["smtp", "smtp+starttls", "smtps"];

    /// <summary>
    /// The URL with its password replaced by <c>***</c>, for any text a person may read.
    /// Text that has an <c>@</c> but no <c>://</c> cannot be split safely and is not shown.
    /// </summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var authority = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.LastIndexOf('@');
        if (authority < 0)
        {
            return at < 0 ? text : "(not shown: it may hold a password)";
        }

        authority += 3;
        if (at < authority)
        {
            return text;
        }

        var colon = text.IndexOf(':', authority);
        return colon < 0 || colon > at
            ? text
            : string.Concat(text.AsSpan(0, colon), ":***", text.AsSpan(at));
    }

    /// <summary>The user name and password of the URL, percent-decoded; null without one.</summary>
    public static NetworkCredential? GetCredential(Uri smarthost)
    {
        ArgumentNullException.ThrowIfNull(smarthost);

        var userInfo = smarthost.UserInfo;
        if (userInfo.Length == 0)
        {
            return null;
        }

        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? userInfo : userInfo[..colon];
        var password = colon < 0 ? "" : userInfo[(colon + 1)..];
        return new NetworkCredential(
            Uri.UnescapeDataString(user), Uri.UnescapeDataString(password));
    }

    /// <summary>Checks a smarthost URL; on failure <paramref name="error"/> says why and
    /// echoes the URL only through <see cref="Redact"/>.</summary>
    internal static bool TryParse(string text, out Uri uri, out string error)
    {
        uri = new Uri("smtp://invalid");
        error = "";
        var shown = Redact(text);

        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed))
        {
            error = $"'{shown}' is not a URL such as smtp://host:587";
            return false;
        }

        if (!Schemes.Contains(parsed.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            error = $"unsupported scheme '{parsed.Scheme}' in '{shown}'; "
                + "use smtp://, smtp+starttls:// or smtps://";
            return false;
        }

        if (parsed.Host.Length == 0)
        {
            error = $"'{shown}' names no host";
            return false;
        }

        // anything after the authority would be silently ignored, so it is a mistake
        if (parsed.AbsolutePath is not ("" or "/") || parsed.Query.Length > 0
            || parsed.Fragment.Length > 0)
        {
            error = $"'{shown}' must be only scheme://[user:password@]host[:port]";
            return false;
        }

        uri = parsed;
        return true;
    }

    /// <summary>
    /// Every substring of <paramref name="text"/> that could be the password of a URL in it,
    /// so that error messages can be scrubbed even when the URL itself did not parse.
    /// </summary>
    internal static IEnumerable<string> PasswordCandidates(string text)
    {
        var start = 0;
        while ((start = text.IndexOf("://", start, StringComparison.Ordinal)) >= 0)
        {
            // the URL ends where its TOML string does: an unescaped quote, or the line's end
            var end = start + 3;
            while (end < text.Length && text[end] is not ('\r' or '\n')
                && !(text[end] is '"' or '\'' && text[end - 1] != '\\'))
            {
                end++;
            }

            var password = PasswordOf(text[start..end]);
            if (password.Length > 0)
            {
                yield return password;
                yield return Uri.UnescapeDataString(password);
            }

            start = end;
        }
    }

    /// <summary>The raw text between the first ':' of the authority and the last '@', as
    /// <see cref="Redact"/> splits it; empty when there is none.</summary>
    internal static string PasswordOf(string url)
    {
        var authority = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.LastIndexOf('@');
        if (authority < 0 || at < authority + 3)
        {
            return "";
        }

        var colon = url.IndexOf(':', authority + 3);
        return colon < 0 || colon > at ? "" : url[(colon + 1)..at];
    }
}
