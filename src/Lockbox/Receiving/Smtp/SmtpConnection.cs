using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Lockbox.Receiving.Smtp;

/// <summary>
/// The byte side of one session: a <see cref="PipeReader"/> and <see cref="PipeWriter"/> over
/// the socket (or over TLS after STARTTLS), and a watchdog that cancels any read or flush that
/// waits longer than its timeout. Replies are buffered and flushed only when the session is
/// about to wait, which keeps pipelined replies in order and in few packets (RFC 2920 §3.2).
/// </summary>
internal sealed class SmtpConnection : IAsyncDisposable
{
    private const int ReadBufferSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _network;
    private readonly ITimer _watchdog;
    private readonly TimeSpan _writeTimeout;
    private SslStream? _tls;
    private PipeReader _reader;
    private PipeWriter _writer;
    private volatile Waiting _waiting;
    private volatile bool _timedOut;
    private bool _unflushed;

    public SmtpConnection(Socket socket, TimeSpan writeTimeout, TimeProvider time)
    {
        _socket = socket;
        _network = new NetworkStream(socket, ownsSocket: true);
        _writeTimeout = writeTimeout;
        _watchdog = time.CreateTimer(_ => OnWatchdog(), null,
            Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        (_reader, _writer) = CreatePipes(_network);
        Client = (IPEndPoint)socket.RemoteEndPoint!;
    }

    private enum Waiting
    {
        Nothing,
        Read,
        Flush,
    }

    public IPEndPoint Client { get; }

    public bool IsTls => _tls is not null;

    /// <summary>True once a read or flush outlived its timeout; the session must end.</summary>
    public bool TimedOut => _timedOut;

    /// <summary>The current reader; callers advance it themselves.</summary>
    public PipeReader Reader => _reader;

    /// <summary>Buffers a reply; it goes out at the next flush.</summary>
    public void Write(SmtpReply reply)
    {
        var text = reply.Format();
        var span = _writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _writer.Advance(Encoding.UTF8.GetBytes(text, span));
        _unflushed = true;
    }

    /// <summary>Sends buffered replies; throws <see cref="TimeoutException"/> if the client
    /// stops reading.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (!_unflushed)
        {
            return;
        }

        Arm(Waiting.Flush, _writeTimeout);
        var result = await _writer.FlushAsync(cancellationToken);
        Arm(Waiting.Nothing, Timeout.InfiniteTimeSpan);
        _unflushed = false;
        if (result.IsCanceled)
        {
            throw new TimeoutException("The client stopped reading replies.");
        }
    }

    /// <summary>
    /// Returns buffered input at once, or flushes pending replies and waits up to
    /// <paramref name="timeout"/>. A canceled result means the watchdog fired
    /// (<see cref="TimedOut"/>) or <see cref="CancelPendingRead"/> was called.
    /// </summary>
    public async ValueTask<ReadResult> ReadAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (_reader.TryRead(out var ready))
        {
            return ready;
        }

        await FlushAsync(ct);
        Arm(Waiting.Read, timeout);
        var result = await _reader.ReadAsync(ct);
        Arm(Waiting.Nothing, Timeout.InfiniteTimeSpan);
        return result;
    }

    /// <summary>Wakes a pending (or the next) read with a canceled result.</summary>
    public void CancelPendingRead() => _reader.CancelPendingRead();

    /// <summary>
    /// Switches to TLS 1.2 or 1.3 after the 220 was flushed. Input the client pipelined after
    /// STARTTLS is discarded unread (RFC 3207 §4.2; the plaintext could be an injection).
    /// </summary>
    public async Task StartTlsAsync(
        SslStreamCertificateContext certificate, TimeSpan timeout, TimeProvider time,
        CancellationToken ct)
    {
        if (_reader.TryRead(out var pipelined))
        {
            _reader.AdvanceTo(pipelined.Buffer.End);
        }

        await _reader.CompleteAsync();
        await _writer.CompleteAsync();

        _tls = new SslStream(_network, leaveInnerStreamOpen: true);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
        };
        await _tls.AuthenticateAsServerAsync(options, linked.Token);

        (_reader, _writer) = CreatePipes(_tls);
    }

    public async ValueTask DisposeAsync()
    {
        await _watchdog.DisposeAsync();
        await _reader.CompleteAsync();
        try
        {
            await _writer.CompleteAsync();
        }
        catch (IOException)
        {
            // the peer is gone; unsent replies do not matter any more
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // already reset by the peer
        }

        if (_tls is not null)
        {
            await _tls.DisposeAsync();
        }

        await _network.DisposeAsync();
    }

    private static (PipeReader, PipeWriter) CreatePipes(Stream stream) => (
        PipeReader.Create(stream, new StreamPipeReaderOptions(
            bufferSize: ReadBufferSize, leaveOpen: true)),
        PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));

    private void Arm(Waiting what, TimeSpan timeout)
    {
        _waiting = what;
        _watchdog.Change(timeout, Timeout.InfiniteTimeSpan);
    }

    private void OnWatchdog()
    {
        _timedOut = true;
        switch (_waiting)
        {
            case Waiting.Read:
                _reader.CancelPendingRead();
                break;
            case Waiting.Flush:
                _writer.CancelPendingFlush();
                break;
        }
    }
}
