using Lockbox.Tests.Receiving.Support;
using Microsoft.Extensions.Time.Testing;

namespace Lockbox.Tests.Receiving;

public sealed class TimeoutTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Silent_client_gets_421_after_the_idle_timeout()
    {
        var time = new FakeTimeProvider();
        await using var server = await TestServer.StartAsync(
            o => o with { IdleTimeout = Idle }, time: time);
        await using var client = await server.ConnectAndGreetAsync();

        var reply = await AdvanceUntilAsync(time, Idle, client.ReadReplyAsync());

        Assert.StartsWith("421 4.4.2", Assert.Single(reply), StringComparison.Ordinal);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Client_silent_inside_data_gets_421_and_nothing_is_stored()
    {
        var time = new FakeTimeProvider();
        await using var server = await TestServer.StartAsync(
            o => o with { DataTimeout = Idle }, time: time);
        await using var client = await FramingTests.StartDataAsync(server);
        await client.SendAsync("Subject: t\r\n\r\nhalf");

        var reply = await AdvanceUntilAsync(time, Idle, client.ReadReplyAsync());

        Assert.StartsWith("421 4.4.2", Assert.Single(reply), StringComparison.Ordinal);
        var draft = Assert.Single(server.Intake.Drafts);
        await draft.Disposed.Task.WaitAsync(RawClient.Timeout);
        Assert.False(draft.Committed);
    }

    // The server arms its timer only after it has flushed its last reply, so the test cannot
    // know when one jump of fake time will count; it jumps until the reply comes, a bounded
    // number of times, each jump alone long enough to expire the timer.
    private static async Task<T> AdvanceUntilAsync<T>(
        FakeTimeProvider time, TimeSpan step, Task<T> reply)
    {
        for (var i = 0; i < 200 && !reply.IsCompleted; i++)
        {
            time.Advance(step + TimeSpan.FromSeconds(1));
            await Task.WhenAny(reply, Task.Delay(TimeSpan.FromMilliseconds(25)));
        }

        return await reply;
    }
}
