using System.Text;

namespace Lockbox.Vault.Age;

/// <summary>Serializes a v1 header in the canonical form of the spec's ABNF.</summary>
internal static class AgeHeaderWriter
{
    private const int ColumnsPerLine = 64;

    /// <summary>Returns the whole header, MAC line included, as ASCII bytes.</summary>
    public static byte[] Write(IReadOnlyList<AgeStanza> stanzas, ReadOnlySpan<byte> fileKey)
    {
        var text = new StringBuilder(AgeHeader.VersionLine).Append('\n');
        foreach (var stanza in stanzas)
            AppendStanza(text, stanza);

        text.Append("---");
        var macInput = Encoding.ASCII.GetBytes(text.ToString());
        var mac = AgeSealingKeys.HeaderMac(fileKey, macInput);

        var macLine = Encoding.ASCII.GetBytes($" {AgeBase64.Encode(mac)}\n");
        return [.. macInput, .. macLine];
    }

    private static void AppendStanza(StringBuilder text, AgeStanza stanza)
    {
        if (!AgeHeader.IsArgument(stanza.Type) || !stanza.Arguments.All(AgeHeader.IsArgument))
            throw new InvalidOperationException("A recipient produced an invalid stanza argument.");

        text.Append("-> ").Append(stanza.Type);
        foreach (var argument in stanza.Arguments)
            text.Append(' ').Append(argument);
        text.Append('\n');

        // the body always ends with a line shorter than 64 columns, possibly empty
        var body = AgeBase64.Encode(stanza.Body.Span);
        var offset = 0;
        for (; body.Length - offset >= ColumnsPerLine; offset += ColumnsPerLine)
            text.Append(body, offset, ColumnsPerLine).Append('\n');
        text.Append(body, offset, body.Length - offset).Append('\n');
    }
}
