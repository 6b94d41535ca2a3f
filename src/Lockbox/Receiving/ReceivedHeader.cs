using System.Globalization;
using System.Text;

namespace Lockbox.Receiving;

/// <summary>
/// The trace header Lockbox puts before the bytes it received (RFC 5321 §4.4). It names the
/// client as the connection saw it, so the owner can tell where a message really came from.
/// </summary>
public static class ReceivedHeader
{
    public static byte[] Format(
        Envelope envelope, string hostname, string messageId, DateTimeOffset receivedAt)
    {
        var helo = Printable(envelope.HeloName);
        var client = envelope.Client.Address.ToString();
        var date = receivedAt.ToUniversalTime()
            .ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture);

        // one recipient is named (RFC 5321 §4.4 "for"); several are not, as Bcc copies would
        // otherwise reveal each other
        var target = envelope.Recipients.Count == 1 ? $"\r\n\tfor <{envelope.Recipients[0]}>" : "";
        var text = $"Received: from {helo} ([{client}])\r\n\tby {hostname} with "
                   + $"{envelope.Protocol} id {messageId}{target};\r\n\t{date}\r\n";
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>The HELO name is the client's own text: keep it to printable ASCII,
    /// bounded.</summary>
    private static string Printable(string heloName)
    {
        var builder = new StringBuilder(Math.Min(heloName.Length, 255));
        foreach (var c in heloName.AsSpan(0, Math.Min(heloName.Length, 255)))
        {
            builder.Append(c is > ' ' and < '\x7f' and not '(' and not ')' ? c : '?');
        }

        return builder.Length == 0 ? "unknown" : builder.ToString();
    }
}
