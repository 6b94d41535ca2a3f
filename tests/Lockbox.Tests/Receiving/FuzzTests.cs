using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Receiving;

/// <summary>
/// Thousands of random and mutated command streams against the real engine on loopback. A
/// seeded generator makes every failure reproducible: the seed and stream number are in the
/// assertion message. It runs alone, so that the memory it measures is its own.
/// </summary>
[Collection(nameof(FuzzTests))]
[CollectionDefinition(nameof(FuzzTests), DisableParallelization = true)]
public sealed partial class FuzzTests
{
    private const int Seed = 20261204;
    private const int Streams = 3000;
    private const int Parallel = 8;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    private static readonly string[] Commands =
    [
        "EHLO client.example", "HELO client.example", "EHLO [127.0.0.1]", "EHLO",
        "MAIL FROM:<a@b.example>", "MAIL FROM:<>", "MAIL FROM:<a@b.example> SIZE=100",
        "MAIL FROM:<a@b.example> BODY=8BITMIME SMTPUTF8", "MAIL FROM:<ä@b.example>",
        "MAIL FROM:<a@b.example> SIZE=99999999999999999999", "MAIL FROM:a@b.example",
        "RCPT TO:<alias@recovery.example>", "RCPT TO:<other@recovery.example>",
        "RCPT TO:<nobody@recovery.example>", "RCPT TO:<x@evil.example>",
        "RCPT TO:<\"alias@recovery.example\"@evil.example>",
        "RCPT TO:<@a.example:alias@recovery.example>",
        "RCPT TO:<alias%evil.example@recovery.example>", "RCPT TO:<>", "RCPT TO:<alias@[::1]>",
        "DATA", "DATA x", "BDAT 10", "BDAT 0 LAST", "RSET", "NOOP", "VRFY alias", "EXPN x",
        "HELP", "STARTTLS", "AUTH PLAIN AGFhAGI=", "QUIT", "", " ", "MAIL", "RCPT", "\u0000",
    ];

    private static readonly string[] BodyPieces =
    [
        "Subject: fuzz\r\n", "\r\n", "line\r\n", ".\r\n", "..\r\n", ".x\r\n", "\n.\r\n",
        "\r.\r\n", "\r\n.\n", "\n", "\r", "x", "\u00e9", "\0", new string('y', 3000),
    ];

    [GeneratedRegex(@"^\d{3}[ -]")]
    private static partial Regex ReplyLine();

    [Fact]
    public async Task Random_and_mutated_streams_never_crash_leak_or_grow_memory()
    {
        await using var server = await TestServer.StartAsync(o => o with
        {
            MaxMessageSize = 64 * 1024,
            MaxCommandLineLength = 512,
            MaxDataLineLength = 64 * 1024,
            MaxSessions = 64,
            MaxSessionsPerClient = 64,
            TlsCertificate = () => TestCertificate.Context,
        });
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var budget = new CancellationTokenSource(Budget);
        var next = -1;
        var done = 0;

        var workers = Enumerable.Range(0, Parallel).Select(_ => Task.Run(async () =>
        {
            int stream;
            while ((stream = Interlocked.Increment(ref next)) < Streams
                && !budget.IsCancellationRequested)
            {
                await RunStreamAsync(server, stream);
                Interlocked.Increment(ref done);
            }
        }));
        await Task.WhenAll(workers);

        Assert.True(done >= 500, $"only {done} streams ran within the budget");
        Assert.True(server.Intake.Drafts.Count >= done / 10, "too few streams reached DATA");
        Assert.NotEmpty(server.Intake.Stored);
        await WaitForNoSessionsAsync(server);
        Assert.DoesNotContain(server.Logger.Lines,
            line => line.Contains("session failed", StringComparison.Ordinal));
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        var retainedByIntake = server.Intake.Drafts.Sum(draft => draft.Written);
        Assert.True(memoryAfter - memoryBefore - retainedByIntake < 64L * 1024 * 1024,
            $"memory grew from {memoryBefore} to {memoryAfter} bytes");

        // and the server still serves an ordinary message
        await using var client = await FramingTests.StartDataAsync(server);
        await client.SendAsync("Subject: after the storm\r\n\r\nok\r\n.\r\n");
        await client.ExpectAsync("250 2.0.0");
    }

    private static async Task RunStreamAsync(TestServer server, int stream)
    {
        var random = new Random(Seed + stream);
        var bytes = Generate(random);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = new CancellationTokenSource(RawClient.Timeout);
        await socket.ConnectAsync(server.Endpoint, deadline.Token);
        var reading = ReadAllAsync(socket, deadline.Token);
        try
        {
            for (var offset = 0; offset < bytes.Length;)
            {
                var largest = random.Next(2) == 0 ? 8 : 4096;
                var size = Math.Min(bytes.Length - offset, 1 + random.Next(largest));
                await socket.SendAsync(bytes.AsMemory(offset, size), deadline.Token);
                offset += size;
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // the server may close first (QUIT, 421 after too many errors)
        }

        var replies = await reading;
        var lines = replies.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 0 && lines[0].StartsWith("220 ", StringComparison.Ordinal),
            $"seed {Seed} stream {stream}: no greeting");
        foreach (var line in lines)
        {
            Assert.True(ReplyLine().IsMatch(line), $"seed {Seed} stream {stream}: '{line}'");
        }
    }

    // Reads until the server closes; the server must close once the client has shut down.
    private static async Task<string> ReadAllAsync(Socket socket, CancellationToken ct)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, ct)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // reset by the server after it refused the rest: also an end
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    private static byte[] Generate(Random random)
    {
        var text = new StringBuilder();

        // half the streams start as a real transaction, so mutations reach DATA too
        if (random.Next(2) == 0)
        {
            text.Append("EHLO c.example\r\nMAIL FROM:<a@b.example>\r\n")
                .Append("RCPT TO:<alias@recovery.example>\r\nDATA\r\n");
            for (var i = random.Next(1, 12); i > 0; i--)
            {
                text.Append(BodyPieces[random.Next(BodyPieces.Length)]);
            }

            text.Append(random.Next(3) == 0 ? "" : "\r\n.\r\n");
        }

        var steps = random.Next(1, 30);
        for (var i = 0; i < steps; i++)
        {
            var piece = random.Next(10) switch
            {
                < 5 => Commands[random.Next(Commands.Length)] + "\r\n",
                < 8 => BodyPieces[random.Next(BodyPieces.Length)],
                8 => RandomText(random, random.Next(1, 80)),
                _ => new string('A', random.Next(500, 3000))
                    + (random.Next(2) == 0 ? "\r\n" : ""),
            };
            text.Append(piece);
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return Mutate(random, bytes);
    }

    private static string RandomText(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(0, 0x80);
        }

        return new string(chars);
    }

    // a few byte-level mutations: flips, deletions, CR/LF/NUL insertions, invalid UTF-8
    private static byte[] Mutate(Random random, byte[] bytes)
    {
        var list = new List<byte>(bytes);
        var mutations = random.Next(0, 4);
        for (var i = 0; i < mutations && list.Count > 0; i++)
        {
            var at = random.Next(list.Count);
            switch (random.Next(4))
            {
                case 0:
                    list[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    list.RemoveAt(at);
                    break;
                case 2:
                    list.Insert(at, (byte)"\r\n\0"[random.Next(3)]);
                    break;
                default:
                    list.Insert(at, (byte)(0x80 + random.Next(0x80)));
                    break;
            }
        }

        return [.. list];
    }

    private static async Task WaitForNoSessionsAsync(TestServer server)
    {
        // bounded: sessions end when their sockets close, a moment after the clients' do
        for (var i = 0; i < 500 && server.Listener.ActiveSessions > 0; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(0, server.Listener.ActiveSessions);
    }
}
