using System.Text;
using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Receiving;

/// <summary>BDAT (RFC 3030 CHUNKING) at the raw-socket level.</summary>
public sealed class ChunkingTests
{
    private const string Transaction =
        "MAIL FROM:<sender@b.example>\r\nRCPT TO:<alias@recovery.example>\r\n";

    [Fact]
    public async Task Chunks_are_stored_exactly_as_sent_without_unstuffing()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        const string first = "Subject: chunked\r\n\r\n.leading dot\r\n";
        const string last = "..two dots\r\n.\r\n";

        await client.SendAsync(Transaction + Chunk(first) + Chunk(last, isLast: true));

        await client.ExpectAsync("250 2.1.0");
        await client.ExpectAsync("250 2.1.5");
        await client.ExpectAsync($"250 2.0.0 {first.Length} octets received");
        await client.ExpectAsync("250 2.0.0 OK queued as msg-1");
        Assert.Equal(first + last, Text(Assert.Single(server.Intake.Stored)));
    }

    [Fact]
    public async Task Chunks_sent_one_byte_per_write_give_the_same_bytes()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        const string message = "Subject: split\r\n\r\nline one\r\nline two\r\n";
        var wire = Transaction + Chunk(message[..7]) + Chunk(message[7..20])
            + Chunk(message[20..], isLast: true);

        await client.SendByteByByteAsync(Encoding.ASCII.GetBytes(wire));

        foreach (var prefix in new[] { "250 2.1.0", "250 2.1.5", "250 2.0.0", "250 2.0.0" })
        {
            await client.ExpectAsync(prefix);
        }

        await client.ExpectAsync("250 2.0.0 OK queued");
        Assert.Equal(message, Text(Assert.Single(server.Intake.Stored)));
    }

    [Fact]
    public async Task Commands_inside_a_chunk_are_data_never_a_second_transaction()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        const string message = "Subject: first\r\n\r\nbody\r\n.\r\n"
            + "MAIL FROM:<evil@evil.example>\r\nRCPT TO:<alias@recovery.example>\r\n"
            + "DATA\r\nSubject: smuggled\r\n\r\nx\r\n";

        await client.SendAsync(Transaction + Chunk(message, isLast: true) + "QUIT\r\n");

        await client.ExpectAsync("250 2.1.0");
        await client.ExpectAsync("250 2.1.5");
        await client.ExpectAsync("250 2.0.0 OK queued");
        await client.ExpectAsync("221 2.0.0");
        Assert.Equal(message, Text(Assert.Single(server.Intake.Drafts)));
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        // fault name, commands before the chunk, reply to the chunk
        { "bdat before mail", "", "503 5.5.1" },
        { "bdat without an accepted recipient",
            "MAIL FROM:<a@b.example>\r\nRCPT TO:<nobody@recovery.example>\r\n", "503 5.5.1" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refused_chunk_is_still_read_so_its_bytes_never_run_as_commands(
        string fault, string setup, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.SendAsync(setup + Chunk("QUIT\r\nRSET\r\n", isLast: true) + "NOOP\r\n");

        for (var i = 0; i < setup.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length; i++)
        {
            await client.ReadReplyAsync();
        }

        await client.ExpectAsync(expected);
        await client.ExpectAsync("250 2.0.0 OK");
        Assert.Empty(server.Intake.Drafts);
        Assert.NotEmpty(fault);
    }

    [Theory]
    [InlineData("no size", "BDAT")]
    [InlineData("size not a number", "BDAT ten")]
    [InlineData("unknown end marker", "BDAT 10 FINAL")]
    [InlineData("negative size", "BDAT -1")]
    public async Task Chunk_of_unknown_length_gets_501_and_the_session_ends(
        string fault, string command)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.SendAsync(Transaction);
        await client.ExpectAsync("250 ");
        await client.ExpectAsync("250 ");

        await client.CommandAsync(command, "501 5.5.4");

        Assert.True(await client.IsClosedAsync(), fault);
    }

    [Theory]
    [InlineData("bare lf", "Subject: a\r\n\r\nx\ny\r\n", "550 5.6.11")]
    [InlineData("bare cr", "Subject: a\r\n\r\nx\ry\r\n", "550 5.6.11")]
    [InlineData("ends in a bare cr", "Subject: a\r\n\r\nx\r", "550 5.6.11")]
    [InlineData("crlf split across chunks", "Subject: a\r\n\r\nx\r|\ny\r\n", "250 2.0.0")]
    public async Task Line_endings_follow_the_data_policy_across_chunks(
        string fault, string message, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        var parts = message.Split('|');
        var wire = string.Concat(parts.Select((part, i) => Chunk(part, i == parts.Length - 1)));

        await client.SendAsync(Transaction + wire);

        await client.ExpectAsync("250 2.1.0");
        await client.ExpectAsync("250 2.1.5");
        for (var i = 1; i < parts.Length; i++)
        {
            await client.ExpectAsync("250 2.0.0");
        }

        await client.ExpectAsync(expected);
        Assert.Equal(expected == "250 2.0.0" ? 1 : 0, server.Intake.Stored.Count);
        Assert.NotEmpty(fault);
    }

    [Fact]
    public async Task Chunks_over_the_size_limit_are_read_and_refused_with_552_at_last()
    {
        await using var server = await TestServer.StartAsync(
            o => o with { MaxMessageSize = 64 * 1024 });
        await using var client = await server.ConnectAndGreetAsync();
        var block = string.Concat(Enumerable.Repeat(new string('x', 998) + "\r\n", 40));
        await client.SendAsync(Transaction);
        await client.ExpectAsync("250 ");
        await client.ExpectAsync("250 ");

        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(Chunk(block));
            await client.ExpectAsync($"250 2.0.0 {block.Length} octets");
        }

        await client.SendAsync(Chunk("", isLast: true));
        await client.ExpectAsync("552 5.3.4");
        await client.CommandAsync("NOOP", "250 2.0.0");
        var draft = Assert.Single(server.Intake.Drafts);
        Assert.False(draft.Committed);
        Assert.True(draft.Written <= 64 * 1024);
    }

    [Theory]
    [InlineData("data", "DATA", "503 5.5.1")]
    [InlineData("rcpt", "RCPT TO:<other@recovery.example>", "503 5.5.1")]
    [InlineData("rset", "RSET", "250 2.0.0")]
    [InlineData("ehlo", "EHLO client.example", "250 ")]
    public async Task Other_command_between_chunks_discards_the_message(
        string fault, string command, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.SendAsync(Transaction + Chunk("Subject: a\r\n\r\n"));
        await client.ExpectAsync("250 ");
        await client.ExpectAsync("250 ");
        await client.ExpectAsync("250 2.0.0 14 octets");

        await client.CommandAsync(command, expected);

        await client.SendAsync(Chunk("more\r\n", isLast: true));
        await client.ExpectAsync("503 5.5.1");
        var draft = Assert.Single(server.Intake.Drafts);
        await draft.Disposed.Task.WaitAsync(RawClient.Timeout);
        Assert.False(draft.Committed);
        Assert.NotEmpty(fault);
    }

    [Theory]
    [InlineData(CommitBehavior.DiskFull, "452 4.3.1")]
    [InlineData(CommitBehavior.Throw, "451 4.3.0")]
    public async Task Commit_failure_at_last_gets_a_temporary_reply(
        CommitBehavior commit, string expected)
    {
        await using var server = await TestServer.StartAsync();
        server.Intake.Commit = commit;
        await using var client = await server.ConnectAndGreetAsync();

        await client.SendAsync(Transaction + Chunk("Subject: a\r\n\r\nb\r\n", isLast: true));

        await client.ExpectAsync("250 ");
        await client.ExpectAsync("250 ");
        await client.ExpectAsync(expected);
        Assert.Empty(server.Intake.Stored);
    }

    [Fact]
    public async Task Disconnect_in_the_middle_of_a_chunk_stores_nothing()
    {
        await using var server = await TestServer.StartAsync();
        var client = await server.ConnectAndGreetAsync();
        await client.SendAsync(Transaction + "BDAT 1000 LAST\r\nSubject: cut\r\n\r\nhalf");

        client.Abort();
        await client.DisposeAsync();

        var draft = await server.Intake.FirstDraft.Task.WaitAsync(RawClient.Timeout);
        await draft.Disposed.Task.WaitAsync(RawClient.Timeout);
        Assert.False(draft.Committed);
    }

    private static string Chunk(string bytes, bool isLast = false) =>
        $"BDAT {Encoding.UTF8.GetByteCount(bytes)}{(isLast ? " LAST" : "")}\r\n{bytes}";

    private static string Text(RecordingDraft draft) => Encoding.UTF8.GetString(draft.Bytes);
}
