using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Lockbox.Tests.Support;

/// <summary>
/// A small real SMTP server for tests, on 127.0.0.1 and an ephemeral port. It speaks enough of
/// RFC 5321 for MailKit and for raw-line tests: EHLO/HELO, optional AUTH PLAIN (RFC 4954), MAIL,
/// RCPT, DATA, RSET, NOOP, QUIT; no TLS, no pipelining. It records each accepted envelope and the
/// raw message, and can be told to fail: <see cref="RejectNext"/> answers the next messages'
/// DATA with a reply such as 451, <see cref="DropNext"/> closes the next connections at once.
/// Bounded: <see cref="MaxMessageBytes"/> per message (552 beyond), <see cref="MaxLineBytes"/>
/// per line, 100 recipients.
/// </summary>
/// <example><code>
/// await using var sink = SmtpSink.Start();
/// sink.RejectNext(1);                   // the first message gets 451 4.3.0
/// ... send to sink.Url ...
/// var message = await sink.WaitForMessagesAsync(1);
/// </code></example>
public sealed class SmtpSink : IAsyncDisposable
{
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    public const int MaxLineBytes = 4096;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<SinkMessage> _messages = new();
    private readonly ConcurrentBag<Task> _sessions = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Lock _faults = new();
    private readonly Task _accepting;
    private int _rejectCount;
    private string _rejectReply = "451 4.3.0 Try again later";
    private int _dropCount;

    private SmtpSink((string User, string Password)? credentials, int port)
    {
        Credentials = credentials;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary><c>smtp://127.0.0.1:port</c>, for a smarthost setting.</summary>
    public Uri Url => new($"smtp://127.0.0.1:{Port}");

    /// <summary>When set, AUTH PLAIN is advertised and MAIL requires it.</summary>
    public (string User, string Password)? Credentials { get; }

    /// <summary>Messages accepted so far, in order.</summary>
    public IReadOnlyList<SinkMessage> Messages => [.. _messages];

    /// <summary>Connections accepted so far (dropped ones included).</summary>
    public int Connections { get; private set; }

    /// <summary>QUIT commands received so far: connections closed politely.</summary>
    public int Quits => Volatile.Read(ref _quits);

    private int _quits;

    internal void CountQuit() => Interlocked.Increment(ref _quits);

    /// <summary>Starts a sink on 127.0.0.1, on <paramref name="port"/> or any free port
    /// (0).</summary>
    public static SmtpSink Start((string User, string Password)? credentials = null,
        int port = 0) =>
        new(credentials, port);

    /// <summary>A loopback port that was free a moment ago: a smarthost that is "down" until a
    /// sink is started on it.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Answers the DATA of the next <paramref name="count"/> messages with
    /// <paramref name="reply"/> (a whole reply line) instead of 250; they are not recorded.
    /// </summary>
    public void RejectNext(int count, string reply = "451 4.3.0 Try again later")
    {
        lock (_faults)
        {
            _rejectCount = count;
            _rejectReply = reply;
        }
    }

    /// <summary>Closes the next <paramref name="count"/> connections before the greeting.</summary>
    public void DropNext(int count)
    {
        lock (_faults)
            _dropCount = count;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages were accepted; fails
    /// after <paramref name="timeout"/> (default 10 s), a bound for a broken test, not a pause.
    /// </summary>
    public async Task<IReadOnlyList<SinkMessage>> WaitForMessagesAsync(
        int count, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (_messages.Count < count)
            await _arrived.WaitAsync(limit.Token);

        return Messages;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([_accepting, .. _sessions]);
        _stop.Dispose();
        _arrived.Dispose();
    }

    internal bool TakeReject(out string reply)
    {
        lock (_faults)
        {
            reply = _rejectReply;
            if (_rejectCount == 0)
                return false;

            _rejectCount--;
            return true;
        }
    }

    internal void Record(SinkMessage message)
    {
        _messages.Enqueue(message);
        _arrived.Release();
    }

    private bool TakeDrop()
    {
        lock (_faults)
        {
            if (_dropCount == 0)
                return false;

            _dropCount--;
            return true;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                return;
            }

            Connections++;
            if (TakeDrop())
            {
                client.Dispose();
                continue;
            }

            _sessions.Add(new SmtpSinkSession(this, client).RunAsync(_stop.Token));
        }
    }
}
