using System.Text;

namespace Lockbox.Receiving.Smtp;

/// <summary>A cursor over the text of a path; each method consumes only on success.</summary>
internal sealed class PathReader(string text)
{
    private int _position;

    /// <summary>Everything not consumed yet.</summary>
    public string Rest => text[_position..];

    public bool Peek(char c) => _position < text.Length && text[_position] == c;

    public bool Take(char c)
    {
        if (!Peek(c))
        {
            return false;
        }

        _position++;
        return true;
    }

    /// <summary>Skips <c>@a.example,@b.example:</c>, checking each hop is a domain.</summary>
    public bool SkipSourceRoute()
    {
        var colon = text.IndexOf(':', _position);
        if (colon < 0)
        {
            return false;
        }

        var hops = text[_position..colon].Split(',');
        if (!hops.All(hop => hop.StartsWith('@') && MailSyntax.IsDomain(hop[1..])))
        {
            return false;
        }

        _position = colon + 1;
        return true;
    }

    /// <summary>A dot-atom local part, up to the <c>@</c>; null if malformed.</summary>
    public string? DotAtom()
    {
        var start = _position;
        while (_position < text.Length && (text[_position] == '.'
            || MailSyntax.IsAtext(text[_position])))
        {
            _position++;
        }

        var atom = text[start.._position];
        return MailSyntax.IsDotAtom(atom) ? atom : null;
    }

    /// <summary>A quoted-string with its escapes undone (§4.1.2 qtextSMTP, quoted-pairSMTP).
    /// </summary>
    public string? QuotedString()
    {
        var value = new StringBuilder();
        _position++;
        while (_position < text.Length)
        {
            var c = text[_position++];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c == '\\')
            {
                if (_position == text.Length)
                {
                    return null;
                }

                c = text[_position++];
            }

            if (char.IsControl(c))
            {
                return null;
            }

            value.Append(c);
        }

        return null;
    }

    /// <summary>Text up to (not including) <paramref name="end"/>, which is consumed too.</summary>
    public string? Until(char end)
    {
        var index = text.IndexOf(end, _position);
        if (index < 0)
        {
            return null;
        }

        var value = text[_position..index];
        _position = index + 1;
        return value;
    }
}
