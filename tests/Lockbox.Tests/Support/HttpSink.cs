using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Lockbox.Tests.Support;

/// <summary>One HTTP request as the sink read it off the socket.</summary>
internal sealed record HttpSinkRequest(
    string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body,
    int Status)
{
    public string Header(string name) => Headers.TryGetValue(name, out var v) ? v : "";

    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A small real HTTP/1.1 server on 127.0.0.1, port 0: reads each request (Content-Length
/// bodies, keep-alive), records it and answers with the status <see cref="Respond"/> chooses
/// (default 200). <see cref="Stop"/> and <see cref="Restart"/> make it refuse connections for a
/// while, on the same port.
/// </summary>
internal sealed class HttpSink : IAsyncDisposable
{
    private readonly Channel<HttpSinkRequest> _requests =
        Channel.CreateUnbounded<HttpSinkRequest>();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _clients = [];
    private TcpListener _listener;

    public HttpSink()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _tasks.Add(AcceptAsync(_listener));
    }

    public int Port { get; }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    /// <summary>Chooses the status of each request; the count is 1 for the first.</summary>
    public Func<int, int> Respond { get; set; } = _ => 200;

    public List<HttpSinkRequest> Received { get; } = [];

    /// <summary>The next request answered with any status; ten seconds bound a broken test.
    /// </summary>
    public async Task<HttpSinkRequest> NextAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _requests.Reader.ReadAsync(limit.Token);
    }

    public bool HasPending => _requests.Reader.Count > 0;

    /// <summary>Closes the listening socket: connections are refused until
    /// <see cref="Restart"/>.</summary>
    public void Stop()
    {
        _listener.Stop();

        // pooled keep-alive connections would still reach the sink: cut them too
        lock (_gate)
        {
            foreach (var client in _clients)
                client.Dispose();

            _clients.Clear();
        }
    }

    public void Restart()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(
            SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        lock (_gate)
            _tasks.Add(AcceptAsync(_listener));
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException
                or ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                _clients.Add(client);
                _tasks.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        try
        {
            while (await ReadRequestAsync(stream) is { } request)
            {
                int status;
                lock (_gate)
                {
                    status = Respond(Received.Count + 1);
                    request = request with { Status = status };
                    Received.Add(request);
                }

                var reply = $"HTTP/1.1 {status} X\r\nContent-Length: 0\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(reply), _stop.Token);
                _requests.Writer.TryWrite(request);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException
            or ObjectDisposedException or SocketException)
        {
            // the client went away or the sink is closing
        }
    }

    private async Task<HttpSinkRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
                return null;

            head.Add(one[0]);
            if (head.Count > 64 * 1024)
                return null;
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n");
        var start = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text) : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, _stop.Token);
        return new HttpSinkRequest(start[0], start[1], headers, body, 0);
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r'
        && head[^1] == '\n';

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] tasks;
        lock (_gate)
            tasks = [.. _tasks];

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
