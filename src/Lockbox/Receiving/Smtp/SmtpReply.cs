using System.Text;

namespace Lockbox.Receiving.Smtp;

/// <summary>
/// One SMTP reply (RFC 5321 §4.2). <paramref name="Status"/> is the RFC 3463 enhanced code; it
/// is null only where RFC 2034 §3 forbids one: the greeting and the HELO/EHLO replies.
/// </summary>
/// <param name="Lines">Text lines; several make a multiline reply (§4.2.1).</param>
public sealed record SmtpReply(int Code, string? Status, IReadOnlyList<string> Lines)
{
    public SmtpReply(int code, string? status, string text)
        : this(code, status, [text])
    {
    }

    /// <summary>True for a 5yz reply: a refused command, counted against the bad budget.</summary>
    public bool IsPermanentFailure => Code is >= 500 and < 600;

    /// <summary>The reply as sent, each line ending in CRLF.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Lines.Count; i++)
        {
            var separator = i == Lines.Count - 1 ? ' ' : '-';
            text.Append(Code).Append(separator);
            if (Status is not null)
            {
                text.Append(Status).Append(' ');
            }

            text.Append(Lines[i]).Append("\r\n");
        }

        return text.ToString();
    }
}
