using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace MailBench;

/// <summary>
/// The owner's mail server, as far as the benchmark cares: a small SMTP server on 127.0.0.1
/// that accepts every alert and notes, for each load token found in it, the
/// <see cref="Stopwatch"/> timestamp at which it answered 250.
/// </summary>
internal sealed partial class AlertSink : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, long> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> _sessions = [];
    private readonly Channel<bool> _arrived = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Task _accepting;
    private int _alerts;
    private int _connections;

    public AlertSink(int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start(512);
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Alert messages accepted so far (with or without a token).</summary>
    public int Alerts => Volatile.Read(ref _alerts);

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Waits until every token has an alert, or <paramref name="timeout"/> passes;
    /// returns the acceptance timestamps found (missing tokens are absent).</summary>
    public async Task<IReadOnlyDictionary<string, long>> WaitForAsync(
        IReadOnlyCollection<string> tokens, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            while (!tokens.All(_accepted.ContainsKey))
                await _arrived.Reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // timed out: report what did arrive
        }

        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            if (_accepted.TryGetValue(token, out var at))
                found[token] = at;
        }

        return found;
    }

    /// <summary>Called by a session with a whole alert, just before it answers 250.</summary>
    internal void Accept(string message)
    {
        var at = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _alerts);
        foreach (Match match in TokenPattern().Matches(UndoSoftBreaks(message)))
            _accepted.TryAdd(match.Value, at);

        _arrived.Writer.TryWrite(true);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([_accepting, .. _sessions]);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                _sessions.Add(SinkSession.RunAsync(this, client, _stop.Token));
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // stopping
        }
    }

    // quoted-printable bodies may wrap a long line with "=" at its end
    private static string UndoSoftBreaks(string message) =>
        message.Replace("=\r\n", "", StringComparison.Ordinal);

    /// <summary>The load's token: <c>bench-RUN-CELL-SEQ</c>.</summary>
    [GeneratedRegex(@"bench-[a-z0-9]{6}-\d{3}-\d{6}")]
    internal static partial Regex TokenPattern();
}
