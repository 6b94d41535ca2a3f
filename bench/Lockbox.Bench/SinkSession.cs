using System.Net.Sockets;
using System.Text;

namespace MailBench;

/// <summary>One connection to the <see cref="AlertSink"/>: EHLO/HELO, MAIL, RCPT, DATA, RSET,
/// NOOP, QUIT, no extensions (so neither Postfix nor MailKit pipelines or asks for TLS).
/// </summary>
internal static class SinkSession
{
    // never the same name as the box or Postfix, or Postfix sees a mail loop
    private const string Name = "sink.bench.localhost";
    private const int MaxMessage = 1024 * 1024;

    public static async Task RunAsync(
        AlertSink sink, TcpClient client, CancellationToken cancellationToken)
    {
        try
        {
            using (client)
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                var lines = new LineReader(stream);
                await ReplyAsync(stream, $"220 {Name} ESMTP", cancellationToken);
                await ConverseAsync(sink, stream, lines, cancellationToken);
            }
        }
#pragma warning disable CA1031 // a broken client connection ends only its own session
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static async Task ConverseAsync(
        AlertSink sink, NetworkStream stream, LineReader lines, CancellationToken cancellationToken)
    {
        for (var commands = 0; commands < 1_000_000; commands++)
        {
            var line = await lines.ReadLineAsync(cancellationToken);
            if (line is null)
                return;

            var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
            switch (verb)
            {
                case "EHLO" or "HELO":
                    await ReplyAsync(stream, $"250 {Name}", cancellationToken);
                    break;
                case "DATA":
                    await ReplyAsync(stream, "354 go ahead", cancellationToken);
                    var message = await ReadDataAsync(lines, cancellationToken);
                    if (message is null)
                        return;

                    sink.Accept(message);
                    await ReplyAsync(stream, "250 2.0.0 accepted", cancellationToken);
                    break;
                case "QUIT":
                    await ReplyAsync(stream, "221 2.0.0 bye", cancellationToken);
                    return;
                case "MAIL" or "RCPT" or "RSET" or "NOOP":
                    await ReplyAsync(stream, "250 2.0.0 ok", cancellationToken);
                    break;
                default:
                    await ReplyAsync(stream, "502 5.5.1 not here", cancellationToken);
                    break;
            }
        }
    }

    private static async Task<string?> ReadDataAsync(
        LineReader lines, CancellationToken cancellationToken)
    {
        var message = new StringBuilder();
        while (await lines.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == ".")
                return message.ToString();

            if (message.Length < MaxMessage)
                message.Append(line).Append("\r\n");
        }

        return null;
    }

    private static Task ReplyAsync(
        NetworkStream stream, string reply, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), cancellationToken).AsTask();
}
