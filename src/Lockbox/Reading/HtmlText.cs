using System.Text;
using MimeKit.Text;

namespace Lockbox.Reading;

/// <summary>
/// HTML rendered as plain text for a terminal, with MimeKit's tokenizer: text kept, block
/// elements as line breaks, scripts and styles dropped, and each link's real target shown
/// after its text so the owner can see where it leads before trusting it.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "hr", "ul", "ol", "section", "article", "header", "footer",
    };

    private static readonly HashSet<string> HiddenTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "head", "title",
    };

    public static string Convert(string html)
    {
        var text = new StringBuilder();
        var hiddenDepth = 0;
        string? pendingHref = null;
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader);
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when HiddenTags.Contains(tag.Name):
                    var step = tag.IsEndTag ? -1 : tag.IsEmptyElement ? 0 : 1;
                    hiddenDepth = Math.Max(0, hiddenDepth + step);
                    break;
                case HtmlTagToken tag when tag.Id == HtmlTagId.A && !tag.IsEndTag:
                    pendingHref = tag.Attributes
                        .FirstOrDefault(a => a.Id == HtmlAttributeId.Href)?.Value;
                    break;
                case HtmlTagToken tag when tag.Id == HtmlTagId.A:
                    if (!string.IsNullOrWhiteSpace(pendingHref))
                    {
                        text.Append(" <").Append(pendingHref.Trim()).Append('>');
                    }

                    pendingHref = null;
                    break;
                case HtmlTagToken tag when BlockTags.Contains(tag.Name):
                    EndLine(text);
                    break;
                case HtmlDataToken data when hiddenDepth == 0:
                    AppendCollapsed(text, data.Data);
                    break;
            }
        }

        return text.ToString().Trim();
    }

    private static void EndLine(StringBuilder text)
    {
        while (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }

        if (text.Length > 0 && !(text.Length >= 2 && text[^1] == '\n' && text[^2] == '\n'))
        {
            text.Append('\n');
        }
    }

    /// <summary>HTML whitespace collapses to one space, as a browser shows it.</summary>
    private static void AppendCollapsed(StringBuilder text, string data)
    {
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[^1] != ' ' && text[^1] != '\n')
                {
                    text.Append(' ');
                }
            }
            else
            {
                text.Append(c);
            }
        }
    }
}
