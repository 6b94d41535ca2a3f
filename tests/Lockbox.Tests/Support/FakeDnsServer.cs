using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lockbox.Tests.Support;

/// <summary>
/// A tiny authoritative DNS server on 127.0.0.1 (UDP and TCP on one ephemeral port) answering
/// from records the test sets: TXT, A, AAAA, MX, PTR. Unknown names get NXDOMAIN, a known name
/// without the asked type gets NOERROR with no answers. Names can be made to fail (SERVFAIL) or
/// to never answer, to drive temperror. Its wire format is written here by hand (RFC 1035
/// §4.1), independent of the DnsClient code it is used to test.
/// </summary>
public sealed class FakeDnsServer : IAsyncDisposable, IDisposable
{
    private const ushort TypeA = 1;
    private const ushort TypePtr = 12;
    private const ushort TypeMx = 15;
    private const ushort TypeTxt = 16;
    private const ushort TypeAaaa = 28;

    private readonly ConcurrentDictionary<(string Name, ushort Type), List<byte[]>> _records =
        new();
    private readonly ConcurrentDictionary<string, bool> _names = new();
    private readonly ConcurrentDictionary<string, bool> _failing = new();
    private readonly ConcurrentDictionary<string, bool> _silent = new();
    private readonly ConcurrentQueue<string> _queries = new();
    private readonly UdpClient _udp;
    private readonly TcpListener _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;

    private FakeDnsServer(UdpClient udp, TcpListener tcp)
    {
        _udp = udp;
        _tcp = tcp;
        _udpLoop = ServeUdpAsync();
        _tcpLoop = ServeTcpAsync();
    }

    public int Port => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Every question asked, as <c>name TYPE</c>, in order.</summary>
    public IReadOnlyList<string> Queries => [.. _queries];

    /// <summary>When true, no question is answered at all (a resolver that hangs).</summary>
    public bool Silent { get; set; }

    public static FakeDnsServer Start()
    {
        // UDP first on any port, then TCP on the same number; a clash is retried a few times
        for (var attempt = 0; ; attempt++)
        {
            var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
            var tcp = new TcpListener(IPAddress.Loopback, port);
            try
            {
                tcp.Start();
                return new FakeDnsServer(udp, tcp);
            }
            catch (SocketException) when (attempt < 10)
            {
                udp.Dispose();
            }
        }
    }

    public FakeDnsServer Txt(string name, params string[] texts)
    {
        foreach (var text in texts)
            Add(name, TypeTxt, TxtData(text));
        return this;
    }

    public FakeDnsServer A(string name, params string[] addresses)
    {
        foreach (var address in addresses)
            Add(name, TypeA, IPAddress.Parse(address).GetAddressBytes());
        return this;
    }

    public FakeDnsServer Aaaa(string name, params string[] addresses)
    {
        foreach (var address in addresses)
            Add(name, TypeAaaa, IPAddress.Parse(address).GetAddressBytes());
        return this;
    }

    public FakeDnsServer Mx(string name, params string[] exchanges)
    {
        foreach (var exchange in exchanges)
            Add(name, TypeMx, [0, 10, .. NameData(exchange)]);
        return this;
    }

    public FakeDnsServer ReverseName(string name, string target)
    {
        Add(name, TypePtr, NameData(target));
        return this;
    }

    /// <summary>The name exists, with no records (NODATA for every type).</summary>
    public FakeDnsServer Exists(string name)
    {
        _names[Key(name)] = true;
        return this;
    }

    /// <summary>Questions for the name get SERVFAIL.</summary>
    public FakeDnsServer Fail(string name)
    {
        _failing[Key(name)] = true;
        return this;
    }

    /// <summary>Questions for the name get no answer at all.</summary>
    public FakeDnsServer Hang(string name)
    {
        _silent[Key(name)] = true;
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Stop();
        await Task.WhenAll(_udpLoop, _tcpLoop).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    /// <summary>Closes the sockets; the serving loops end on their own.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        _tcp.Stop();
    }

    private void Add(string name, ushort type, byte[] data)
    {
        _names[Key(name)] = true;
        _records.GetOrAdd((Key(name), type), _ => []).Add(data);
    }

    private static string Key(string name) => name.TrimEnd('.').ToLowerInvariant();

    private async Task ServeUdpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException
                or SocketException)
            {
                return;
            }

            var reply = Answer(received.Buffer, udp: true);
            if (reply is not null)
                await _udp.SendAsync(reply, received.RemoteEndPoint, _stop.Token);
        }
    }

    private async Task ServeTcpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _tcp.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException
                or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeTcpClientAsync(client));
        }
    }

    private async Task ServeTcpClientAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var length = new byte[2];
                await stream.ReadExactlyAsync(length, _stop.Token);
                var query = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
                await stream.ReadExactlyAsync(query, _stop.Token);
                var reply = Answer(query, udp: false);
                if (reply is null)
                    return;
                BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)reply.Length);
                await stream.WriteAsync(length, _stop.Token);
                await stream.WriteAsync(reply, _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException
                or ObjectDisposedException)
            {
                // the client went away; nothing to answer
            }
        }
    }

    private byte[]? Answer(byte[] query, bool udp)
    {
        if (query.Length < 12)
            return null;

        // the question: labels, then type and class
        var at = 12;
        var labels = new List<string>();
        while (at < query.Length && query[at] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, at + 1, query[at]));
            at += query[at] + 1;
        }

        var questionEnd = at + 5;
        if (questionEnd > query.Length)
            return null;
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(at + 1));
        var name = Key(string.Join('.', labels));
        _queries.Enqueue($"{name} {type}");
        if (Silent || _silent.ContainsKey(name))
            return null;

        var rcode = _failing.ContainsKey(name) ? 2 : _names.ContainsKey(name) ? 0 : 3;
        var answers = rcode == 0 ? _records.GetValueOrDefault((name, type)) ?? [] : [];

        var reply = new List<byte>();
        reply.AddRange(query.AsSpan(0, 2).ToArray());
        reply.Add(0x84); // QR, AA
        reply.Add((byte)(0x80 | rcode)); // RA, RCODE
        reply.AddRange(new byte[] { 0, 1, 0, (byte)answers.Count, 0, 0, 0, 0 });
        reply.AddRange(query.AsSpan(12, questionEnd - 12).ToArray());
        foreach (var data in answers)
        {
            // a pointer to the question's name, type, class IN, TTL 60
            reply.AddRange(
                new byte[] { 0xC0, 12, (byte)(type >> 8), (byte)type, 0, 1, 0, 0, 0, 60 });
            reply.Add((byte)(data.Length >> 8));
            reply.Add((byte)data.Length);
            reply.AddRange(data);
        }

        // too big for plain UDP: say so, and the client asks again over TCP
        if (udp && reply.Count > 512 && !HasEdns(query))
        {
            var truncated = reply.Take(questionEnd).ToArray();
            truncated[2] |= 0x02;
            truncated[7] = 0;
            return truncated;
        }

        return [.. reply];
    }

    private static bool HasEdns(byte[] query) =>
        BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(10)) > 0;

    private static byte[] TxtData(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var data = new List<byte>();
        for (var i = 0; i < bytes.Length || i == 0; i += 255)
        {
            var chunk = bytes.AsSpan(i, Math.Min(255, bytes.Length - i));
            data.Add((byte)chunk.Length);
            data.AddRange(chunk.ToArray());
        }

        return [.. data];
    }

    private static byte[] NameData(string name)
    {
        var data = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            data.Add((byte)label.Length);
            data.AddRange(Encoding.ASCII.GetBytes(label));
        }

        data.Add(0);
        return [.. data];
    }
}
