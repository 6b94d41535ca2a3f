using System.Text.RegularExpressions;

namespace Lockbox.Alerts;

/// <summary>
/// Rewrites web links in sender-controlled text so that mail clients and terminals do not make
/// them clickable: <c>http://</c> becomes <c>hxxp://</c>, <c>https://</c> <c>hxxps://</c> and
/// <c>ftp://</c> <c>fxp://</c> (the usual "defanged" spelling, still readable). The alert keeps
/// the text, since a Subject naming a URL is itself a phishing sign worth seeing.
/// </summary>
/// <remarks>
/// Only alerts defang; the summary stored in the vault index stays as received (cleaned).
/// </remarks>
// TODO: mail clients may still link bare domains ("bank.example/reset") and addresses; making
// those inert would need rewriting dots, which hurts reading more than it protects.
public static partial class LinkDefanger
{
    public static string Defang(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        return Scheme().Replace(text, match =>
            match.Groups["scheme"].Value.ToUpperInvariant() switch
            {
                "FTP" => "fxp://",
                "HTTPS" => "hxxps://",
                _ => "hxxp://",
            });
    }

    [GeneratedRegex(
        @"\b(?<scheme>https?|ftp)://",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Scheme();
}
