using System.Text;
using Lockbox.Summarizing;
using MimeKit;

namespace Lockbox.Reading;

/// <summary>
/// Renders a message for a person at a terminal: the main headers, then the text part (or the
/// HTML part as text). Control characters are escaped so a message cannot drive the terminal.
/// </summary>
public static class MessagePrinter
{
    private static readonly HeaderId[] MainHeaders =
        [HeaderId.Date, HeaderId.From, HeaderId.To, HeaderId.Cc, HeaderId.Subject];

    public static async Task PrintAsync(
        Stream rawMessage, TextWriter output, CancellationToken cancellationToken)
    {
        var message = await MimeMessage.LoadAsync(rawMessage, cancellationToken);
        foreach (var id in MainHeaders)
        {
            foreach (var header in message.Headers.Where(h => h.Id == id))
            {
                await output.WriteLineAsync($"{header.Field}: {OneLine.Clean(header.Value, 998)}");
            }
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(SafeText(BodyText(message)));
    }

    private static string BodyText(MimeMessage message)
    {
        if (message.TextBody is { } text)
        {
            return text;
        }

        if (message.HtmlBody is { } html)
        {
            return HtmlText.Convert(html);
        }

        return "(no text part; use --raw to get the whole message)";
    }

    /// <summary>Keeps line breaks and tabs; escapes every other control character.</summary>
    private static string SafeText(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\n' or '\t' || !char.IsControl(c))
            {
                builder.Append(c);
            }
            else if (c != '\r')
            {
                builder.Append($"\\u{(int)c:X4}");
            }
        }

        return builder.ToString();
    }
}
