using System.Net;
using System.Net.Sockets;
using Lockbox.Receiving.Smtp;
using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Receiving;

public sealed class ListenerTests
{
    [Fact]
    public async Task Start_binds_ipv4_and_ipv6_loopback_on_free_ports()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return;
        }

        var logger = new CapturingLogger<SmtpListener>();
        await using var listener = new SmtpListener(
            TestServer.DefaultOptions, new RecordingIntake("alias"), logger);

        var bound = await listener.StartAsync(
            [new IPEndPoint(IPAddress.Loopback, 0), new IPEndPoint(IPAddress.IPv6Loopback, 0)],
            CancellationToken.None);

        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], bound.Select(e => e.Address));
        Assert.All(bound, endpoint => Assert.NotEqual(0, endpoint.Port));
        foreach (var endpoint in bound)
        {
            await using var client = await RawClient.ConnectAsync(endpoint);
            await client.ExpectAsync("220 ");
            await client.CommandAsync("QUIT", "221 ");
        }
    }

    [Fact]
    public void Invalid_options_are_refused_at_construction()
    {
        var options = TestServer.DefaultOptions with { MaxSessions = 0 };

        var error = Assert.Throws<ArgumentException>(() => new SmtpListener(
            options, new RecordingIntake(), new CapturingLogger<SmtpListener>()));

        Assert.Equal("MaxSessions", error.ParamName);
    }

    [Fact]
    public async Task Session_end_is_logged_with_counts_and_no_addresses()
    {
        await using var server = await TestServer.StartAsync();
        await using (var client = await FramingTests.StartDataAsync(server))
        {
            await client.SendAsync("Subject: t\r\n\r\nhi\r\n.\r\nQUIT\r\n");
            await client.ExpectAsync("250 ");
            await client.ExpectAsync("221 ");
            Assert.True(await client.IsClosedAsync());
        }

        await server.Listener.StopAsync(CancellationToken.None).WaitAsync(RawClient.Timeout);

        var ended = Assert.Single(server.Logger.Lines, l => l.StartsWith("SMTP session ended"));
        Assert.Contains("client 127.0.0.1, 5 commands, 1 messages accepted", ended);
        var message = Assert.Single(server.Logger.Lines, l => l.StartsWith("SMTP message"));
        Assert.Contains("id msg-1, 18 bytes, stored", message);
        Assert.DoesNotContain(server.Logger.Lines, line => line.Contains('@'));
    }
}
