using System.Globalization;
using System.Text;

namespace MailBench;

/// <summary>Reads SMTP replies, multi-line ones (<c>250-...</c>) joined, each within a
/// timeout.</summary>
internal sealed class ReplyReader(Stream stream, TimeSpan timeout)
{
    private readonly LineReader _lines = new(stream);

    public async Task<(int Code, string Text)> ReadAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);

        var text = new StringBuilder();
        for (var count = 0; count < 100; count++)
        {
            var line = await _lines.ReadLineAsync(limit.Token)
                ?? throw new EndOfStreamException("server closed the connection");
            text.Append(line).Append('\n');
            if (line.Length < 3
                || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None,
                    CultureInfo.InvariantCulture, out var code))
            {
                throw new InvalidDataException("not an SMTP reply");
            }

            if (line.Length == 3 || line[3] != '-')
                return (code, text.ToString().TrimEnd());
        }

        throw new InvalidDataException("reply of more than 100 lines");
    }
}
