using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Lockbox.Receiving.Smtp;

/// <summary>
/// Lockbox's SMTP front door: listens on TCP endpoints, runs one <see cref="SmtpSession"/> per
/// connection within the session limits, and on stop lets messages in flight finish before
/// closing everything. Start once, stop once; every session it starts ends before
/// <see cref="StopAsync"/> returns.
/// </summary>
public sealed class SmtpListener : IAsyncDisposable
{
    private const int Backlog = 128;

    private readonly SmtpServerOptions _options;
    private readonly IMessageIntake _intake;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly Dictionary<SmtpSession, Task> _sessions = [];
    private readonly HashSet<Task> _refusals = [];
    private readonly ClientCounter _clients = new();
    private Task? _stopped;

    /// <summary>Validates <paramref name="options"/> (ArgumentException if invalid).</summary>
    public SmtpListener(
        SmtpServerOptions options, IMessageIntake intake, ILogger<SmtpListener> logger,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _intake = intake;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Sessions running now (refused connections not counted).</summary>
    internal int ActiveSessions
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>
    /// Binds every endpoint (port 0 picks a free port; IPv6 endpoints accept IPv6 only) and
    /// starts accepting. Returns the endpoints actually bound, in the same order. If one
    /// endpoint fails, none stays bound.
    /// </summary>
    public Task<IReadOnlyList<IPEndPoint>> StartAsync(
        IReadOnlyList<IPEndPoint> endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        cancellationToken.ThrowIfCancellationRequested();
        if (_sockets.Count > 0 || _stopped is not null)
        {
            throw new InvalidOperationException("The listener was already started.");
        }

        try
        {
            foreach (var endpoint in endpoints)
            {
                _sockets.Add(Bind(endpoint));
            }
        }
        catch
        {
            _sockets.ForEach(socket => socket.Dispose());
            _sockets.Clear();
            throw;
        }

        var bound = _sockets.Select(socket => (IPEndPoint)socket.LocalEndPoint!).ToList();
        foreach (var socket in _sockets)
        {
            SmtpLog.Listening(_logger, (IPEndPoint)socket.LocalEndPoint!);
            _acceptLoops.Add(AcceptLoopAsync(socket));
        }

        return Task.FromResult<IReadOnlyList<IPEndPoint>>(bound);
    }

    /// <summary>
    /// Stops accepting, lets sessions inside DATA finish for up to
    /// <see cref="SmtpServerOptions.ShutdownGrace"/>, and closes all others with 421 4.3.2.
    /// Sessions still running after the grace are aborted (their message is not stored).
    /// Canceling <paramref name="cancellationToken"/> aborts at once.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopped ??= StopOnceAsync(cancellationToken);
            return _stopped;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    private static Socket Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.NoDelay = true;
            socket.Bind(endpoint);
            socket.Listen(Backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var client = await listener.AcceptAsync(_stopping.Token);
                if (!TryAdmit(client))
                {
                    client.Dispose();
                }
            }
            catch (Exception e) when (_stopping.IsCancellationRequested
                && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException e)
            {
                // e.g. the peer reset before accept finished, or out of file descriptors
                SmtpLog.AcceptFailed(_logger, endpoint, e.SocketErrorCode.ToString());
            }
        }
    }

    // False when the connection died before it could be looked at; the caller closes it.
    private bool TryAdmit(Socket client)
    {
        IPAddress address;
        try
        {
            client.NoDelay = true;
            address = ClientCounter.Key(((IPEndPoint)client.RemoteEndPoint!).Address);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }

        lock (_gate)
        {
            var refusal = _stopping.IsCancellationRequested ? SmtpReplies.ShuttingDown
                : _sessions.Count >= _options.MaxSessions ? SmtpReplies.TooManySessions
                : !_clients.TryEnter(address, _options.MaxSessionsPerClient)
                    ? SmtpReplies.TooManyFromClient
                : null;
            if (refusal is not null)
            {
                SmtpLog.Refused(_logger, address, refusal.Lines[0]);
                _refusals.Add(Task.Run(() => RefuseAsync(client, refusal)));
                return true;
            }

            SmtpSession session;
            try
            {
                session = new SmtpSession(client, _options, _intake, _logger, _time);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                _clients.Leave(address);
                return false;
            }

            _sessions[session] = Task.Run(() => RunSessionAsync(session, address));
            return true;
        }
    }

    private async Task RunSessionAsync(SmtpSession session, IPAddress address)
    {
        try
        {
            await using (session)
            {
                await session.RunAsync();
            }
        }
        catch (Exception e)
        {
            // only closing the connection can get here; the session logged everything else
            SmtpLog.Failed(_logger, "close", address, e.GetType().Name);
        }
        finally
        {
            lock (_gate)
            {
                _sessions.Remove(session);
                _clients.Leave(address);
            }
        }
    }

    // The refused client gets one reply line and the connection closes (RFC 5321 §3.1).
    private async Task RefuseAsync(Socket client, SmtpReply reply)
    {
        using (client)
        {
            try
            {
                using var deadline = new CancellationTokenSource(_options.IdleTimeout, _time);
                var bytes = Encoding.ASCII.GetBytes(reply.Format());
                await client.SendAsync(bytes, SocketFlags.None, deadline.Token);
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // the refused client went away first
            }
        }

        lock (_gate)
        {
            _refusals.RemoveWhere(task => task.IsCompleted);
        }
    }

    private async Task StopOnceAsync(CancellationToken ct)
    {
        // stop accepting first, so the set of sessions can only shrink
        await _stopping.CancelAsync();
        _sockets.ForEach(socket => socket.Dispose());
        await Task.WhenAll(_acceptLoops);

        SmtpSession[] sessions;
        Task running;
        lock (_gate)
        {
            sessions = [.. _sessions.Keys];
            running = Task.WhenAll([.. _sessions.Values, .. _refusals]);
        }

        foreach (var session in sessions)
        {
            session.RequestStop();
        }

        try
        {
            await running.WaitAsync(_options.ShutdownGrace, _time, ct);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            SmtpLog.Aborting(_logger, sessions.Length);
            foreach (var session in sessions)
            {
                session.Abort();
            }

            await running.WaitAsync(ct);
        }
    }
}
