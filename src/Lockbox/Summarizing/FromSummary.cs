using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace Lockbox.Summarizing;

/// <summary>
/// Renders the From header(s) so that the real address is always visible: every mailbox is shown
/// as <c>Name &lt;address&gt;</c>, with the address taken from the address parser (which ran on
/// the raw bytes, before any RFC 2047 display name was decoded, RFC 2047 §6.2). A display name
/// that could be read as an address is put in quotes, so it reads as a name.
/// </summary>
internal static class FromSummary
{
    internal const int MaxLength = 200;

    // each mailbox fits in MaxLength on its own, so the cap can never hide the only address
    private const int MaxNameLength = 60;
    private const int MaxAddressLength = 100;
    private const int MaxRawLength = 80;

    public static string Render(
        IReadOnlyList<Header> fromHeaders, ParserOptions options, string reversePath)
    {
        if (fromHeaders.Count == 0)
            return $"(no From header) {Envelope(reversePath)}";

        var rendered = fromHeaders.Select(header => RenderOne(header, options)).ToList();
        if (fromHeaders.Count == 1 && rendered[0] is { } single)
        {
            // without any mailbox (an empty group) the envelope is the only sender there is
            var line = HasMailbox(fromHeaders[0], options)
                ? single
                : $"{single} {Envelope(reversePath)}";
            return OneLine.Clean(line, MaxLength);
        }

        if (fromHeaders.Count == 1)
            return OneLine.Clean(Unparsed(fromHeaders[0], options, reversePath), MaxLength);

        var parts = rendered.Select((text, i) =>
            text ?? $"(unparsable \"{Raw(fromHeaders[i], options)}\")");
        var flagged = $"[{fromHeaders.Count} From headers] {string.Join("; ", parts)}";
        return OneLine.Clean(flagged, MaxLength);
    }

    /// <summary>The mailboxes of one From header; null when none can be parsed.</summary>
    private static string? RenderOne(Header header, ParserOptions options)
    {
        if (!InternetAddressList.TryParse(options, header.RawValue, out var addresses))
            return null;

        var mailboxes = new List<string>();
        Flatten(addresses, mailboxes);
        return mailboxes.Count == 0 ? null : string.Join(", ", mailboxes);
    }

    private static bool HasMailbox(Header header, ParserOptions options) =>
        InternetAddressList.TryParse(options, header.RawValue, out var addresses)
        && addresses.Mailboxes.Any();

    private static void Flatten(InternetAddressList addresses, List<string> into)
    {
        foreach (var address in addresses)
        {
            // a group (RFC 5322 §3.4) keeps its name, which may well be a failed encoded-word
            // holding a colon; MimeKit bounds the nesting (ParserOptions.MaxAddressGroupDepth)
            if (address is GroupAddress group)
                into.Add(Group(group));
            else if (address is MailboxAddress mailbox)
                into.Add(Mailbox(mailbox));
        }
    }

    private static string Group(GroupAddress group)
    {
        var members = new List<string>();
        Flatten(group.Members, members);
        var name = OneLine.Clean(group.Name, MaxNameLength);
        return $"{name}: {string.Join(", ", members)};";
    }

    private static string Mailbox(MailboxAddress mailbox)
    {
        var address = OneLine.Clean(mailbox.Address, MaxAddressLength);
        var name = OneLine.Clean(mailbox.Name, MaxNameLength);
        if (name.Length == 0)
            return $"<{address}>";

        return LooksLikeAddress(name) ? $"{Quote(name)} <{address}>" : $"{name} <{address}>";
    }

    private static bool LooksLikeAddress(string name) =>
        name.AsSpan().IndexOfAny("@<>\"") >= 0;

    private static string Quote(string name)
    {
        var quoted = new StringBuilder(name.Length + 2).Append('"');
        foreach (var c in name)
            quoted.Append(c is '"' or '\\' ? "\\" + c : c.ToString());

        return quoted.Append('"').ToString();
    }

    private static string Unparsed(Header header, ParserOptions options, string reversePath)
    {
        var raw = Raw(header, options);
        var what = raw.Length == 0 ? "(empty From header)" : $"(unparsable From \"{raw}\")";
        return $"{what} {Envelope(reversePath)}";
    }

    private static string Raw(Header header, ParserOptions options) =>
        OneLine.Clean(Rfc2047.DecodeText(options, header.RawValue), MaxRawLength);

    /// <summary>The envelope sender (RFC 5321 reverse-path); empty is the null sender.</summary>
    internal static string Envelope(string reversePath) =>
        $"envelope <{OneLine.Clean(reversePath, MaxAddressLength)}>";
}
