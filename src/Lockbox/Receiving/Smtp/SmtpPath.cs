using System.Text;

namespace Lockbox.Receiving.Smtp;

/// <summary>
/// A reverse-path or forward-path as RFC 5321 §4.1.2 writes it, reduced to the mailbox it
/// names: a source route is dropped (§C, MUST be ignored), a quoted local part is unquoted when
/// it is a plain dot-atom and kept quoted otherwise, and the domain is kept exactly as sent.
/// So <c>"alias@x.example"@evil.example</c> stays a mailbox at <c>evil.example</c>.
/// </summary>
/// <param name="LocalPart">Local part in canonical form (quoted only when it must be).</param>
/// <param name="Domain">Domain or address literal; null for the null path and for the
/// domain-less <c>&lt;Postmaster&gt;</c> of §4.5.1.</param>
/// <param name="Parameters">The rest of the command after the closing bracket.</param>
internal sealed record SmtpPath(string LocalPart, string? Domain, string Parameters)
{
    private const int MaxLocalPartOctets = 64;
    private const int MaxDomainOctets = 255;

    /// <summary>True for the null reverse-path <c>&lt;&gt;</c>.</summary>
    public bool IsNull => LocalPart.Length == 0 && Domain is null;

    /// <summary>True for <c>&lt;Postmaster&gt;</c> without a domain.</summary>
    public bool IsBarePostmaster => Domain is null && LocalPart.Length > 0;

    /// <summary><c>local@domain</c>; empty for the null path.</summary>
    public string Address => Domain is null ? LocalPart : $"{LocalPart}@{Domain}";

    /// <summary>False if the address needs SMTPUTF8 (RFC 6531 §3.3).</summary>
    public bool IsAscii => Ascii.IsValid(Address);

    /// <summary>Parses what follows <c>FROM:</c> or <c>TO:</c>; null if malformed.</summary>
    public static SmtpPath? Parse(string text)
    {
        var reader = new PathReader(text.TrimStart(' '));
        if (!reader.Take('<'))
        {
            return null;
        }

        var routed = reader.Peek('@');
        if (routed && !reader.SkipSourceRoute())
        {
            return null;
        }

        if (reader.Take('>'))
        {
            return routed ? null : new SmtpPath("", null, reader.Rest);
        }

        var quoted = reader.Peek('"');
        var local = quoted ? reader.QuotedString() : reader.DotAtom();
        if (local is null || Encoding.UTF8.GetByteCount(local) > MaxLocalPartOctets)
        {
            return null;
        }

        if (!quoted && !routed && reader.Take('>')
            && local.Equals("postmaster", StringComparison.OrdinalIgnoreCase))
        {
            return ParametersOrNull(new SmtpPath(local, null, reader.Rest));
        }

        var domain = reader.Take('@') ? reader.Until('>') : null;
        if (domain is null || domain.Length > MaxDomainOctets || !MailSyntax.IsDomain(domain))
        {
            return null;
        }

        var canonical = MailSyntax.IsDotAtom(local) ? local : Quote(local);
        return ParametersOrNull(new SmtpPath(canonical, domain, reader.Rest));
    }

    private static SmtpPath? ParametersOrNull(SmtpPath path) =>
        path.Parameters.Length == 0 || path.Parameters[0] == ' ' ? path : null;

    private static string Quote(string local) =>
        "\"" + local.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
