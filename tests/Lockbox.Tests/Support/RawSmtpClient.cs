using System.Net.Sockets;
using System.Text;

namespace Lockbox.Tests.Support;

/// <summary>An SMTP client at the level of lines, to check exact replies.</summary>
public sealed class RawSmtpClient : IAsyncDisposable
{
    private static readonly TimeSpan ReplyWait = TimeSpan.FromSeconds(15);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private RawSmtpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, Encoding.Latin1);
    }

    /// <summary>The server's 220 greeting, read on connect.</summary>
    public string Greeting { get; private set; } = "";

    public static async Task<RawSmtpClient> ConnectAsync(string host, int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port);
        var client = new RawSmtpClient(tcp);
        client.Greeting = await client.ReadReplyAsync();
        return client;
    }

    /// <summary>Sends one line (CRLF added) and returns the whole reply, lines joined by
    /// \n.</summary>
    public async Task<string> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Reads one reply, following continuation lines (<c>250-…</c>).</summary>
    public async Task<string> ReadReplyAsync()
    {
        using var timeout = new CancellationTokenSource(ReplyWait);
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token)
                ?? throw new IOException("connection closed; reply so far: "
                    + string.Join('\n', lines));
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return string.Join('\n', lines);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
