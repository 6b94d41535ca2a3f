using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailBench;

/// <summary>
/// One raw SMTP session of the load generator (RFC 5321, no pipelining, no TLS): greeting,
/// EHLO, then any number of MAIL / RCPT / DATA transactions, QUIT on dispose. Every read waits
/// at most <see cref="ReplyTimeout"/>.
/// </summary>
internal sealed class SmtpLoadSession : IAsyncDisposable
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);

    private static readonly byte[] EndOfData = ".\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly ReplyReader _replies;

    private SmtpLoadSession(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _replies = new ReplyReader(_stream, ReplyTimeout);
    }

    /// <summary>Connects from <paramref name="source"/> (a loopback address, so several
    /// "clients" can be told apart) and says EHLO.</summary>
    public static async Task<SmtpLoadSession> OpenAsync(
        IPEndPoint server, IPAddress source, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
        };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(server, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var session = new SmtpLoadSession(socket);
        try
        {
            await session.ExpectAsync(220, cancellationToken);
            await session.CommandAsync("EHLO load.bench.localhost", 250, cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one message; returns the <see cref="Stopwatch"/> timestamp taken as the
    /// final 250 arrived.</summary>
    /// <exception cref="SmtpRefusedException">Any reply other than the expected one.</exception>
    public async Task<long> SendAsync(
        string recipient, byte[] headers, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken)
    {
        await CommandAsync($"MAIL FROM:<{LoadMessage.Sender}>", 250, cancellationToken);
        await CommandAsync($"RCPT TO:<{recipient}>", 250, cancellationToken);
        await CommandAsync("DATA", 354, cancellationToken);

        await _stream.WriteAsync(headers, cancellationToken);
        await _stream.WriteAsync(body, cancellationToken);
        await _stream.WriteAsync(EndOfData, cancellationToken);
        await ExpectAsync(250, cancellationToken);
        return Stopwatch.GetTimestamp();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _stream.WriteAsync("QUIT\r\n"u8.ToArray(), quit.Token);
            await _replies.ReadAsync(quit.Token);
        }
#pragma warning disable CA1031 // a session that is already gone needs no QUIT
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private async Task CommandAsync(string line, int expected, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancellationToken);
        await ExpectAsync(expected, cancellationToken);
    }

    private async Task ExpectAsync(int expected, CancellationToken cancellationToken)
    {
        var (code, text) = await _replies.ReadAsync(cancellationToken);
        if (code != expected)
            throw new SmtpRefusedException(code, text);
    }
}

/// <summary>The server answered with something other than what the step needs.</summary>
internal sealed class SmtpRefusedException(int code, string reply)
    : Exception($"server replied {code}: {reply}")
{
    public int Code { get; } = code;
}
