using System.Text;

namespace Lockbox.Vault.Age;

/// <summary>
/// Parses a v1 header strictly against the spec's ABNF, reading the stream no further than
/// the header's last LF so the payload starts at the stream's position.
/// </summary>
internal static class AgeHeaderReader
{
    /// <summary>A bound on what an untrusted file can make us hold in memory.</summary>
    public const int MaxHeaderSize = 1 << 20;

    private const int ColumnsPerLine = 64;

    /// <exception cref="AgeFormatException">The header is malformed or truncated.</exception>
    public static async Task<AgeHeader> ReadAsync(Stream input, CancellationToken cancellationToken)
    {
        var raw = new MemoryStream();
        var reader = new LineReader(input, raw);

        var version = await reader.ReadLineAsync(cancellationToken);
        if (version != AgeHeader.VersionLine)
            throw new AgeFormatException(DescribeBadVersion(version));

        var stanzas = new List<AgeStanza>();
        while (true)
        {
            var lineStart = (int)raw.Length;
            var line = await reader.ReadLineAsync(cancellationToken);

            if (line.StartsWith("-> ", StringComparison.Ordinal))
            {
                stanzas.Add(await ReadStanzaAsync(line, reader, cancellationToken));
                continue;
            }

            if (!line.StartsWith("--- ", StringComparison.Ordinal))
                throw new AgeFormatException("A header line is neither a stanza nor the MAC.");

            var mac = AgeBase64.TryDecode(line.AsSpan(4), AgeHeader.MacSize);
            if (mac is null || line.Length != 4 + 43)
                throw new AgeFormatException("The header MAC line is malformed.");
            if (stanzas.Count == 0)
                throw new AgeFormatException("The header has no recipient stanza.");

            // spec: an scrypt stanza must be alone, whoever is decrypting
            if (stanzas.Count > 1 && stanzas.Any(s => s.Type == AgeScrypt.StanzaType))
                throw new AgeFormatException("An scrypt stanza is mixed with other stanzas.");

            var macInput = raw.GetBuffer().AsSpan(0, lineStart + 3).ToArray();
            return new AgeHeader(stanzas, mac, macInput);
        }
    }

    private static async Task<AgeStanza> ReadStanzaAsync(
        string argumentLine, LineReader reader, CancellationToken cancellationToken)
    {
        var arguments = argumentLine[3..].Split(' ');
        if (!arguments.All(AgeHeader.IsArgument))
            throw new AgeFormatException("A stanza has an empty or non-printable argument.");

        // body lines are full (64 columns) until the first shorter one, which ends the body
        var body = new StringBuilder();
        string line;
        do
        {
            line = await reader.ReadLineAsync(cancellationToken);
            if (line.Length > ColumnsPerLine)
                throw new AgeFormatException("A stanza body line is longer than 64 columns.");
            body.Append(line);
        }
        while (line.Length == ColumnsPerLine);

        var decoded = AgeBase64.TryDecode(body.ToString())
            ?? throw new AgeFormatException("A stanza body is not canonical base64.");
        return new AgeStanza(arguments[0], arguments[1..], decoded);
    }

    private static string DescribeBadVersion(string line) =>
        line.StartsWith("-----BEGIN AGE ENCRYPTED FILE-----", StringComparison.Ordinal)
            ? "ASCII-armored age files are not supported."
            : line.StartsWith("age-encryption.org/", StringComparison.Ordinal)
                ? "The age format version is not v1."
                : "Not an age file.";

    /// <summary>Reads LF-terminated lines one byte at a time, copying every byte to raw.</summary>
    private sealed class LineReader(Stream input, MemoryStream raw)
    {
        private readonly byte[] one = new byte[1];

        public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            var start = (int)raw.Length;
            while (true)
            {
                if (await input.ReadAsync(one, cancellationToken) == 0)
                    throw new AgeFormatException("The header is truncated.");
                if (raw.Length >= MaxHeaderSize)
                    throw new AgeFormatException("The header is larger than 1 MiB.");

                raw.WriteByte(one[0]);
                if (one[0] == '\n')
                    break;

                // the header is ASCII; anything else (CR included) cannot be canonical
                if (one[0] is < 0x20 or > 0x7E)
                    throw new AgeFormatException("The header has a non-printable byte.");
            }

            return Encoding.ASCII.GetString(raw.GetBuffer(), start, (int)raw.Length - start - 1);
        }
    }
}
