using System.Net.Sockets;
using System.Text;

namespace Lockbox.Tests.Support;

/// <summary>One connection to the <see cref="SmtpSink"/>: RFC 5321 §4.1 commands.</summary>
internal sealed class SmtpSinkSession(SmtpSink sink, TcpClient client)
{
    private readonly NetworkStream _stream = client.GetStream();
    private readonly SmtpLineReader _reader = new(client.GetStream(), SmtpSink.MaxLineBytes);
    private readonly List<string> _recipients = [];
    private string? _reversePath;
    private string? _user;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                await ReplyAsync("220 sink.test ESMTP", cancellationToken);
                while (await _reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    if (!await HandleAsync(Encoding.Latin1.GetString(line), cancellationToken))
                        return;
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException
                or SocketException or InvalidDataException)
            {
                // the client went away, the sink stopped or a line was too long
            }
        }
    }

    private async Task<bool> HandleAsync(string line, CancellationToken cancellationToken)
    {
        var verb = (line.Length < 4 ? line : line[..4]).ToUpperInvariant();
        var reply = verb switch
        {
            "EHLO" => Ehlo(),
            "HELO" => "250 sink.test",
            "AUTH" => await AuthAsync(line, cancellationToken),
            "MAIL" => Mail(line),
            "RCPT" => Rcpt(line),
            "DATA" => await DataAsync(cancellationToken),
            "RSET" => Reset("250 2.0.0 OK"),
            "NOOP" => "250 2.0.0 OK",
            "QUIT" => "221 2.0.0 Bye",
            _ => "502 5.5.2 Command not recognized",
        };

        // counted before the reply, so a client that saw 221 finds it counted
        if (verb == "QUIT")
            sink.CountQuit();

        await ReplyAsync(reply, cancellationToken);
        return verb != "QUIT";
    }

    private string Ehlo()
    {
        Reset(string.Empty);
        var auth = sink.Credentials is null ? string.Empty : "250-AUTH PLAIN\r\n";
        return $"250-sink.test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n{auth}"
            + $"250 SIZE {SmtpSink.MaxMessageBytes}";
    }

    private async Task<string> AuthAsync(string line, CancellationToken cancellationToken)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (sink.Credentials is not { } expected || parts.Length < 2
            || !parts[1].Equals("PLAIN", StringComparison.OrdinalIgnoreCase))
            return "504 5.5.4 Unrecognized authentication type";

        var response = parts.Length > 2 ? parts[2] : null;
        if (response is null)
        {
            await ReplyAsync("334 ", cancellationToken);
            var next = await _reader.ReadLineAsync(cancellationToken);
            response = next is null ? string.Empty : Encoding.ASCII.GetString(next);
        }

        // RFC 4616: authzid NUL authcid NUL passwd
        string[] fields;
        try
        {
            fields = Encoding.UTF8.GetString(Convert.FromBase64String(response)).Split('\0');
        }
        catch (FormatException)
        {
            return "501 5.5.2 Cannot decode response";
        }

        if (fields.Length != 3 || fields[1] != expected.User || fields[2] != expected.Password)
            return "535 5.7.8 Authentication credentials invalid";

        _user = fields[1];
        return "235 2.7.0 Authentication successful";
    }

    private string Mail(string line)
    {
        if (sink.Credentials is not null && _user is null)
            return "530 5.7.0 Authentication required";

        if (Path(line, "MAIL FROM:") is not { } path)
            return "501 5.5.4 Syntax: MAIL FROM:<address>";

        Reset(string.Empty);
        _reversePath = path;
        return "250 2.1.0 OK";
    }

    private string Rcpt(string line)
    {
        if (_reversePath is null)
            return "503 5.5.1 MAIL first";

        if (Path(line, "RCPT TO:") is not { } path)
            return "501 5.5.4 Syntax: RCPT TO:<address>";

        if (_recipients.Count >= 100)
            return "452 4.5.3 Too many recipients";

        _recipients.Add(path);
        return "250 2.1.5 OK";
    }

    private async Task<string> DataAsync(CancellationToken cancellationToken)
    {
        if (_recipients.Count == 0)
            return "503 5.5.1 RCPT first";

        await ReplyAsync("354 End data with <CR><LF>.<CR><LF>", cancellationToken);
        var data = await _reader.ReadDataAsync(SmtpSink.MaxMessageBytes, cancellationToken);
        if (data is null)
            return Reset("552 5.3.4 Message too big");

        if (sink.TakeReject(out var rejection))
            return Reset(rejection);

        sink.Record(new SinkMessage(_reversePath!, [.. _recipients], data, _user));
        return Reset("250 2.0.0 OK queued");
    }

    private string Reset(string reply)
    {
        _reversePath = null;
        _recipients.Clear();
        return reply;
    }

    /// <summary>The address between the angle brackets after <paramref name="prefix"/>;
    /// parameters after the closing bracket (SIZE=, BODY=, SMTPUTF8) are ignored.</summary>
    private static string? Path(string line, string prefix)
    {
        if (!line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            return null;

        var rest = line[prefix.Length..].TrimStart();
        var close = rest.IndexOf('>', StringComparison.Ordinal);
        return rest.StartsWith('<') && close > 0 ? rest[1..close] : null;
    }

    private async Task ReplyAsync(string reply, CancellationToken cancellationToken) =>
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), cancellationToken);
}
