using System.Globalization;
using System.Text;

namespace MailBench;

/// <summary>
/// Messages of one size for the load: a header section naming the recovery address in
/// <c>To:</c> (the reference notifies only then) and a unique token in <c>Subject:</c> that the
/// alert carries back, then a shared body of plain 76-column lines. Together about
/// <see cref="Size"/> bytes as sent.
/// </summary>
internal sealed class LoadMessage
{
    public const string Sender = "load@sender.example";

    private readonly string _recipient;
    private readonly byte[] _body;

    public LoadMessage(string recipient, int size)
    {
        _recipient = recipient;
        Size = size;
        _body = Body(Math.Max(0, size - 300));
    }

    public int Size { get; }

    /// <summary>The header section (ending with the blank line) for one token.</summary>
    public byte[] Headers(string token) => Encoding.ASCII.GetBytes(string.Create(
        CultureInfo.InvariantCulture, $"""
        From: Bench <{Sender}>
        To: <{_recipient}>
        Subject: {token}
        Date: {DateTimeOffset.UtcNow:ddd, dd MMM yyyy HH:mm:ss} +0000
        Message-ID: <{token}@sender.example>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=us-ascii


        """).ReplaceLineEndings("\r\n"));

    /// <summary>Body lines, each ending in CRLF, none starting with a dot.</summary>
    public ReadOnlyMemory<byte> Body() => _body;

    private static byte[] Body(int size)
    {
        const int LineLength = 76;
        var line = new byte[LineLength + 2];
        var body = new byte[size / line.Length * line.Length];
        var random = new Random(5);
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";

        for (var offset = 0; offset < body.Length; offset += line.Length)
        {
            for (var i = 0; i < LineLength; i++)
                line[i] = (byte)Alphabet[random.Next(Alphabet.Length)];

            line[LineLength] = (byte)'\r';
            line[LineLength + 1] = (byte)'\n';
            line.CopyTo(body, offset);
        }

        return body;
    }
}
