using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Lockbox.Tests.Receiving.Support;

/// <summary>
/// A bare SMTP client over a socket: sends exact bytes (optionally one byte per write) and reads
/// replies line by line. Every read gives up after <see cref="Timeout"/>.
/// </summary>
public sealed class RawClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly TcpClient _tcp;
    private readonly List<byte> _pending = [];
    private Stream _stream;

    private RawClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Every reply line read so far, in order.</summary>
    public List<string> Transcript { get; } = [];

    public static async Task<RawClient> ConnectAsync(IPEndPoint endpoint)
    {
        var tcp = new TcpClient(endpoint.AddressFamily) { NoDelay = true };
        using var deadline = new CancellationTokenSource(Timeout);
        await tcp.ConnectAsync(endpoint, deadline.Token);
        return new RawClient(tcp);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        await _stream.WriteAsync(bytes, deadline.Token);
        await _stream.FlushAsync(deadline.Token);
    }

    /// <summary>Sends each byte in its own write, to split the stream everywhere.</summary>
    public async Task SendByteByByteAsync(byte[] bytes)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        for (var i = 0; i < bytes.Length; i++)
        {
            await _stream.WriteAsync(bytes.AsMemory(i, 1), deadline.Token);
            await _stream.FlushAsync(deadline.Token);
        }
    }

    /// <summary>One line without CRLF, or null when the server closed the connection.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var deadline = new CancellationTokenSource(Timeout);
        var chunk = new byte[4096];
        while (true)
        {
            var lf = _pending.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var line = Encoding.UTF8.GetString(_pending.GetRange(0, lf).ToArray());
                _pending.RemoveRange(0, lf + 1);
                Assert.EndsWith("\r", line);
                Transcript.Add(line[..^1]);
                return line[..^1];
            }

            int read;
            try
            {
                read = await _stream.ReadAsync(chunk, deadline.Token);
            }
            catch (IOException)
            {
                read = 0;
            }

            if (read == 0)
            {
                return null;
            }

            _pending.AddRange(chunk.AsSpan(0, read));
        }
    }

    /// <summary>A whole (possibly multiline) reply; empty when the connection closed.</summary>
    public async Task<IReadOnlyList<string>> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (await ReadLineAsync() is { } line)
        {
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                break;
            }
        }

        return lines;
    }

    /// <summary>Reads a reply and checks its last line starts with <paramref name="prefix"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> ExpectAsync(string prefix)
    {
        var reply = await ReadReplyAsync();
        Assert.NotEmpty(reply);
        Assert.StartsWith(prefix, reply[^1], StringComparison.Ordinal);
        return reply;
    }

    /// <summary>Sends a command and checks the reply.</summary>
    public async Task<IReadOnlyList<string>> CommandAsync(string command, string prefix)
    {
        await SendAsync(command + "\r\n");
        return await ExpectAsync(prefix);
    }

    /// <summary>True when the server has closed the connection (after any pending lines).
    /// </summary>
    public async Task<bool> IsClosedAsync() => await ReadLineAsync() is null;

    /// <summary>Switches to TLS, trusting only the test certificate, or any certificate when
    /// <paramref name="trustAny"/>; returns the certificate the server presented.</summary>
    /// <param name="sentChain">Receives the thumbprints of the extra certificates the server
    /// sent with its own (its chain).</param>
    public async Task<X509Certificate2> StartTlsAsync(
        SslProtocols protocols = SslProtocols.None, bool trustAny = false,
        List<string>? sentChain = null)
    {
        Assert.Empty(_pending);
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false, (_, presented, chain, _) =>
        {
            sentChain?.AddRange(chain?.ChainPolicy.ExtraStore.Select(c => c.Thumbprint) ?? []);
            return trustAny || TestCertificate.IsTestCertificate(presented);
        });
        using var deadline = new CancellationTokenSource(Timeout);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = TestServer.Hostname,
                EnabledSslProtocols = protocols,
            },
            deadline.Token);
        _stream = tls;
        return X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
    }

    /// <summary>The TLS version in use; None before STARTTLS.</summary>
    public SslProtocols TlsProtocol => (_stream as SslStream)?.SslProtocol ?? SslProtocols.None;

    /// <summary>Closes at once without QUIT.</summary>
    public void Abort() => _tcp.Client.Close(0);

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
