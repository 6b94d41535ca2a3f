using MimeKit;
using MimeKit.Utils;

namespace Lockbox.Summarizing;

/// <summary>
/// Builds the <see cref="MessageSummary"/> of a message from its header section alone; the body
/// never reaches it. Never throws on malformed input: whatever cannot be read becomes a
/// placeholder.
/// </summary>
public static class MessageSummarizer
{
    internal const int MaxSubjectLength = 200;

    internal const string NoSubject = "(no subject)";

    private static readonly ParserOptions Options = CreateOptions();

    /// <summary>Summarizes a header section (RFC 5322 §2.2) as received.</summary>
    /// <param name="headerBlock">The raw header lines up to and including the empty line, as
    /// received: possibly raw UTF-8 (RFC 6532) or legacy 8-bit bytes, possibly truncated, possibly
    /// empty.</param>
    /// <param name="reversePath">The envelope sender; empty for the null sender &lt;&gt;. Shown
    /// when From is missing or unreadable.</param>
    public static MessageSummary Summarize(ReadOnlyMemory<byte> headerBlock, string reversePath)
    {
        ArgumentNullException.ThrowIfNull(reversePath);

        var headers = Parse(headerBlock);
        var from = headers.Where(h => h.Id == HeaderId.From).ToList();
        var subjects = headers.Where(h => h.Id == HeaderId.Subject).ToList();

        return new MessageSummary(
            FromSummary.Render(from, Options, reversePath),
            RenderSubject(subjects));
    }

    private static ParserOptions CreateOptions()
    {
        LegacyCharsets.EnsureRegistered();
        var options = ParserOptions.Default.Clone();

        // raw 8-bit header bytes that are not valid UTF-8 are most often Latin-1 / windows-1252
        options.CharsetEncoding = System.Text.Encoding.GetEncoding(1252);
        return options;
    }

    private static List<Header> Parse(ReadOnlyMemory<byte> headerBlock)
    {
        if (headerBlock.IsEmpty)
            return [];

        try
        {
            using var stream = new MemoryStream(headerBlock.ToArray(), writable: false);
            return [.. HeaderList.Load(Options, stream)];
        }
        catch (FormatException)
        {
            // no parsable header section: the message is summarized by placeholders
            return [];
        }
    }

    private static string RenderSubject(List<Header> subjects)
    {
        if (subjects.Count == 0)
            return NoSubject;

        var texts = subjects.Select(h => OneLine.Clean(Decode(h), MaxSubjectLength)).ToList();
        if (texts.Count == 1)
            return texts[0].Length == 0 ? NoSubject : texts[0];

        var line = $"[{texts.Count} Subject headers] {string.Join(" | ", texts)}";
        return OneLine.Clean(line, MaxSubjectLength);
    }

    // RFC 2047 decoding of unstructured text; MimeKit drops an encoded CR LF but keeps NUL and
    // ESC, which OneLine escapes afterwards
    private static string Decode(Header header) => Rfc2047.DecodeText(Options, header.RawValue);
}
