using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace Lockbox.Receiving.Smtp;

/// <summary>
/// One SMTP conversation (RFC 5321 §3, §4.1): greets, reads command lines, runs each through
/// the state machine in <c>SmtpSession.Commands.cs</c>, and ends on QUIT, disconnect, timeout,
/// too many bad commands, or shutdown. Owns its connection; disposing closes it.
/// </summary>
internal sealed partial class SmtpSession : IAsyncDisposable
{
    private readonly SmtpConnection _connection;
    private readonly CommandReader _commands;
    private readonly MessageReceiver _receiver;
    private readonly ChunkReceiver _chunks;
    private readonly SmtpServerOptions _options;
    private readonly IMessageIntake _intake;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _gate = new();
    private bool _inData;
    private bool _stopRequested;
    private bool _disposed;
    private int _commandCount;
    private int _badCommands;
    private int _accepted;

    public SmtpSession(
        Socket socket, SmtpServerOptions options, IMessageIntake intake, ILogger logger,
        TimeProvider time)
    {
        _connection = new SmtpConnection(socket, options.IdleTimeout, time);
        _commands = new CommandReader(_connection, options.MaxCommandLineLength);
        _receiver = new MessageReceiver(_connection, options, intake, logger);
        _chunks = new ChunkReceiver(_connection, options, intake, logger);
        _options = options;
        _intake = intake;
        _logger = logger;
        _time = time;
    }

    /// <summary>
    /// Asks the session to end: at once when it waits for a command (421 4.3.2), or after the
    /// message in progress when it is inside DATA.
    /// </summary>
    public void RequestStop()
    {
        lock (_gate)
        {
            _stopRequested = true;
            if (!_inData && !_disposed)
            {
                _connection.CancelPendingRead();
            }
        }
    }

    /// <summary>Ends the session now: a message in progress is discarded, 421 is attempted.
    /// </summary>
    public void Abort()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _abort.Cancel();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _connection.DisposeAsync();
        _abort.Dispose();
    }

    /// <summary>Runs the conversation to its end; never throws.</summary>
    public async Task RunAsync()
    {
        var started = _time.GetTimestamp();
        var ct = _abort.Token;
        string reason;
        try
        {
            _connection.Write(SmtpReplies.Greeting(_options.Hostname));
            reason = await ConverseAsync(ct);
            await _connection.FlushAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            reason = "aborted by shutdown";
            await SayGoodbyeAsync(SmtpReplies.ShuttingDown);
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException
            or AuthenticationException or ObjectDisposedException)
        {
            reason = "connection lost";
        }
        catch (Exception e)
        {
            SmtpLog.Failed(_logger, "session", _connection.Client.Address, e.GetType().Name);
            reason = "internal error";
            await SayGoodbyeAsync(SmtpReplies.LocalError);
        }

        // a chunked message that never got its BDAT LAST is discarded, never stored
        await DiscardChunkedAsync();
        var elapsed = (long)_time.GetElapsedTime(started).TotalMilliseconds;
        SmtpLog.SessionEnded(_logger, _connection.Client.Address, _commandCount, _accepted,
            elapsed, reason);
    }

    private async Task<string> ConverseAsync(CancellationToken ct)
    {
        while (true)
        {
            if (StopRequested())
            {
                _connection.Write(SmtpReplies.ShuttingDown);
                return "shutdown";
            }

            var line = await _commands.ReadAsync(_options.IdleTimeout, ct);
            switch (line.Status)
            {
                case LineStatus.Closed:
                    return "client closed";
                case LineStatus.Canceled when _connection.TimedOut:
                    _connection.Write(SmtpReplies.Timeout);
                    return "timeout";
                case LineStatus.Canceled:
                    continue;
                case LineStatus.TooLong:
                    Reply(SmtpReplies.LineTooLong);
                    break;
                case LineStatus.BareLineEnding:
                    Reply(SmtpReplies.BadLineEnding);
                    break;
                case LineStatus.Undecodable:
                    Reply(SmtpReplies.SyntaxError);
                    break;
                default:
                    _commandCount++;
                    if (!await ExecuteAsync(line.Text, ct))
                    {
                        return "quit";
                    }

                    break;
            }

            if (_badCommands >= _options.MaxBadCommands)
            {
                _connection.Write(SmtpReplies.TooManyErrors);
                return "too many bad commands";
            }
        }
    }

    /// <summary>Queues a reply to a command; every 5yz counts against the bad budget.</summary>
    private void Reply(SmtpReply reply)
    {
        _connection.Write(reply);
        if (reply.IsPermanentFailure)
        {
            _badCommands++;
        }
    }

    private async Task<SmtpReply?> ReceiveMessageAsync(Envelope envelope, CancellationToken ct)
    {
        lock (_gate)
        {
            _inData = true;
        }

        try
        {
            return await _receiver.ReceiveAsync(envelope, ct);
        }
        finally
        {
            lock (_gate)
            {
                _inData = false;
            }
        }
    }

    private bool StopRequested()
    {
        lock (_gate)
        {
            return _stopRequested;
        }
    }

    // Best effort: the peer may be gone or not reading, so this waits one second at most.
    private async Task SayGoodbyeAsync(SmtpReply reply)
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
            _connection.Write(reply);
            await _connection.FlushAsync(deadline.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException
            or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // nothing more to do for this client
        }
    }
}
