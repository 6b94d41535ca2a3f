using MimeKit;

namespace Lockbox.Authenticating.Dmarc;

/// <summary>The RFC5322.From domain DMARC is about (RFC 7489 §6.6.1), or why there is none.
/// </summary>
/// <param name="Domain">Lower case; empty when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">Plain words: "no From header", "several From headers", …</param>
public sealed record AuthorDomain(string Domain, string? Problem)
{
    /// <summary>Reads the From header(s) of a captured header section.</summary>
    public static AuthorDomain FromHeaderSection(ReadOnlyMemory<byte> headerSection)
    {
        HeaderList headers;
        try
        {
            using var stream = new MemoryStream(headerSection.ToArray(), writable: false);
            headers = HeaderList.Load(stream);
        }
        catch (FormatException)
        {
            return new AuthorDomain("", "unreadable header section");
        }

        var froms = headers.Where(h => h.Id == HeaderId.From).ToList();
        if (froms.Count == 0)
            return new AuthorDomain("", "no From header");

        // a receiver cannot tell which of several authors DMARC should protect
        if (froms.Count > 1)
            return new AuthorDomain("", "several From headers");

        if (!InternetAddressList.TryParse(froms[0].RawValue, out var addresses))
            return new AuthorDomain("", "unreadable From header");

        var domains = addresses.Mailboxes
            .Select(m => DomainNames.Normalize(AsciiName(m.Domain ?? "")))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return domains switch
        {
            [] or [""] => new AuthorDomain("", "From has no domain"),
            [var one] when DomainNames.IsValid(one) => new AuthorDomain(one, null),
            [_] => new AuthorDomain("", "From domain is not a valid name"),
            _ => new AuthorDomain("", "From names several domains"),
        };
    }

    // an RFC 6532 (SMTPUTF8) From may carry a U-label domain; DNS is asked for the A-label
    private static string AsciiName(string domain)
    {
        if (domain.All(char.IsAscii))
            return domain;

        try
        {
            return new System.Globalization.IdnMapping().GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return domain;
        }
    }
}
