using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Receiving;

public sealed class DataFailureTests
{
    [Theory]
    [InlineData(CommitBehavior.DiskFull, "452 4.3.1")]
    [InlineData(CommitBehavior.TemporaryFailure, "451 4.3.0")]
    [InlineData(CommitBehavior.Throw, "451 4.3.0")]
    public async Task Commit_failure_gets_a_temporary_reply(CommitBehavior commit, string expected)
    {
        await using var server = await TestServer.StartAsync();
        server.Intake.Commit = commit;
        await using var client = await FramingTests.StartDataAsync(server);

        await client.SendAsync("Subject: t\r\n\r\nhi\r\n.\r\n");

        await client.ExpectAsync(expected);
        await client.CommandAsync("NOOP", "250 2.0.0");
        Assert.Empty(server.Intake.Stored);
        await server.Intake.Drafts.Single().Disposed.Task.WaitAsync(RawClient.Timeout);
    }

    [Fact]
    public async Task Draft_write_failure_gets_451_after_the_end()
    {
        await using var server = await TestServer.StartAsync();
        server.Intake.ThrowOnWrite = true;
        await using var client = await FramingTests.StartDataAsync(server);

        await client.SendAsync("Subject: t\r\n\r\nhi\r\n.\r\n");

        await client.ExpectAsync("451 4.3.0");
        Assert.Empty(server.Intake.Stored);
    }

    [Fact]
    public async Task Begin_failure_gets_451_and_no_354()
    {
        await using var server = await TestServer.StartAsync();
        server.Intake.ThrowOnBegin = true;
        await using var client = await server.ConnectAndGreetAsync();
        await client.CommandAsync("MAIL FROM:<a@b.example>", "250 ");
        await client.CommandAsync("RCPT TO:<alias@recovery.example>", "250 ");

        await client.CommandAsync("DATA", "451 4.3.0");

        await client.CommandAsync("NOOP", "250 2.0.0");
    }

    [Fact]
    public async Task Disconnect_in_the_middle_of_data_stores_nothing()
    {
        await using var server = await TestServer.StartAsync();
        var client = await FramingTests.StartDataAsync(server);
        await client.SendAsync("Subject: cut\r\n\r\nhalf a mess");

        client.Abort();
        await client.DisposeAsync();

        var draft = await server.Intake.FirstDraft.Task.WaitAsync(RawClient.Timeout);
        await draft.Disposed.Task.WaitAsync(RawClient.Timeout);
        Assert.False(draft.Committed);
    }
}
