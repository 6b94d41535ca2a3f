using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Receiving;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Idle_session_gets_421_on_stop()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await server.Listener.StopAsync(CancellationToken.None).WaitAsync(RawClient.Timeout);

        await client.ExpectAsync("421 4.3.2");
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Message_in_data_finishes_then_the_session_gets_421()
    {
        await using var server = await TestServer.StartAsync(
            o => o with { ShutdownGrace = TimeSpan.FromMinutes(1) });
        await using var client = await FramingTests.StartDataAsync(server);
        await client.SendAsync("Subject: t\r\n\r\nfirst half\r\n");

        var stopping = server.Listener.StopAsync(CancellationToken.None);
        Assert.False(stopping.IsCompleted);
        await client.SendAsync("second half\r\n.\r\n");

        await client.ExpectAsync("250 2.0.0");
        await client.ExpectAsync("421 4.3.2");
        await stopping.WaitAsync(RawClient.Timeout);
        Assert.Single(server.Intake.Stored);
    }

    [Fact]
    public async Task Message_still_in_data_after_the_grace_is_dropped_with_421()
    {
        await using var server = await TestServer.StartAsync(
            o => o with { ShutdownGrace = TimeSpan.Zero });
        await using var client = await FramingTests.StartDataAsync(server);
        await client.SendAsync("Subject: t\r\n\r\nnever finished\r\n");

        await server.Listener.StopAsync(CancellationToken.None).WaitAsync(RawClient.Timeout);

        await client.ExpectAsync("421 4.3.2");
        var draft = Assert.Single(server.Intake.Drafts);
        Assert.True(draft.Disposed.Task.IsCompleted);
        Assert.False(draft.Committed);
    }

    [Fact]
    public async Task New_connections_are_refused_after_stop()
    {
        await using var server = await TestServer.StartAsync();

        await server.Listener.StopAsync(CancellationToken.None).WaitAsync(RawClient.Timeout);

        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(server.ConnectAsync);
    }
}
