using System.Net;
using Lockbox.Receiving.Smtp;

namespace Lockbox.Tests.Receiving.Support;

/// <summary>A real <see cref="SmtpListener"/> on 127.0.0.1 with a free port.</summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Hostname = "mx.recovery.example";

    private TestServer(SmtpListener listener, IPEndPoint endpoint, RecordingIntake intake,
        CapturingLogger<SmtpListener> logger)
    {
        Listener = listener;
        Endpoint = endpoint;
        Intake = intake;
        Logger = logger;
    }

    public SmtpListener Listener { get; }

    public IPEndPoint Endpoint { get; }

    public RecordingIntake Intake { get; }

    public CapturingLogger<SmtpListener> Logger { get; }

    public static SmtpServerOptions DefaultOptions => new() { Hostname = Hostname };

    public static async Task<TestServer> StartAsync(
        Func<SmtpServerOptions, SmtpServerOptions>? configure = null,
        RecordingIntake? intake = null,
        TimeProvider? time = null,
        IPAddress? bind = null)
    {
        var options = configure?.Invoke(DefaultOptions) ?? DefaultOptions;
        intake ??= new RecordingIntake("alias", "other", "hidden");
        var logger = new CapturingLogger<SmtpListener>();
        var listener = new SmtpListener(options, intake, logger, time);
        var bound = await listener.StartAsync(
            [new IPEndPoint(bind ?? IPAddress.Loopback, 0)], CancellationToken.None);
        return new TestServer(listener, bound[0], intake, logger);
    }

    public Task<RawClient> ConnectAsync() => RawClient.ConnectAsync(Endpoint);

    /// <summary>Connects, reads the greeting and says EHLO.</summary>
    public async Task<RawClient> ConnectAndGreetAsync()
    {
        var client = await ConnectAsync();
        await client.ExpectAsync("220 ");
        await client.SendAsync("EHLO client.example\r\n");
        await client.ExpectAsync("250 ");
        return client;
    }

    public async ValueTask DisposeAsync() => await Listener.DisposeAsync();
}
