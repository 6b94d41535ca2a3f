using System.Text;
using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Receiving;

public sealed class FramingTests
{
    public static TheoryData<string, string, string> Unstuffing => new()
    {
        // fault name, bytes after 354 (stuffed, with terminator), bytes the draft must get
        { "empty message", ".\r\n", "" },
        { "first line starts with two dots", "..hidden\r\nline\r\n.\r\n", ".hidden\r\nline\r\n" },
        { "line of two dots", "a\r\n..\r\nb\r\n.\r\n", "a\r\n.\r\nb\r\n" },
        { "last line starts with dots", "a\r\n...end\r\n.\r\n", "a\r\n..end\r\n" },
        { "empty line only", "\r\n.\r\n", "\r\n" },
        { "dots inside lines", "a.b..c\r\nx.\r\n.\r\n", "a.b..c\r\nx.\r\n" },
        { "header and body", "Subject: s\r\n\r\nbody\r\n.\r\n", "Subject: s\r\n\r\nbody\r\n" },
    };

    [Theory]
    [MemberData(nameof(Unstuffing))]
    public async Task Dot_unstuffing_with_one_byte_per_write_gives_the_exact_bytes(
        string fault, string sent, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await StartDataAsync(server);

        await client.SendByteByByteAsync(Encoding.ASCII.GetBytes(sent));

        await client.ExpectAsync("250 2.0.0");
        await client.CommandAsync("QUIT", "221 2.0.0");
        Assert.NotEmpty(fault);
        Assert.Equal(expected, Encoding.ASCII.GetString(Assert.Single(server.Intake.Stored).Bytes));
    }

    private const string Smuggled =
        "MAIL FROM:<evil@evil.example>\r\nRCPT TO:<alias@recovery.example>\r\nDATA\r\n"
        + "Subject: smuggled\r\n\r\nsmuggled\r\n";

    [Theory]
    [InlineData("lf dot crlf", "\n.\r\n")]
    [InlineData("lf dot lf", "\n.\n")]
    [InlineData("crlf dot lf", "\r\n.\n")]
    [InlineData("cr dot crlf", "\r.\r\n")]
    [InlineData("crlf dot cr", "\r\n.\r")]
    [InlineData("cr dot cr", "\r.\r")]
    public async Task Smuggling_variant_gives_one_refusal_and_no_extra_transaction(
        string fault, string fakeEnd)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await StartDataAsync(server);

        await client.SendAsync("Subject: real\r\n\r\nreal" + fakeEnd + Smuggled + ".\r\nQUIT\r\n");

        await client.ExpectAsync("550 5.6.11");
        await client.ExpectAsync("221 2.0.0");
        Assert.True(await client.IsClosedAsync(), fault);
        Assert.Single(server.Intake.Drafts);
        Assert.Empty(server.Intake.Stored);
        Assert.True(server.Intake.Drafts.Single().Disposed.Task.IsCompleted);
    }

    [Theory]
    [InlineData("bare lf in header", "Subject: a\nX-Other: b\r\n\r\nbody\r\n")]
    [InlineData("bare lf in body", "Subject: a\r\n\r\nline one\nline two\r\n")]
    [InlineData("bare cr in header", "Subject: a\rX-Other: b\r\n\r\nbody\r\n")]
    [InlineData("bare cr in body", "Subject: a\r\n\r\nline one\rline two\r\n")]
    [InlineData("lf only lines before a crlf end", "Subject: a\n\nbody\n\r\n")]
    public async Task Bare_line_ending_rejects_the_message_after_its_end(
        string fault, string message)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await StartDataAsync(server);

        await client.SendAsync(message + ".\r\n");

        await client.ExpectAsync("550 5.6.11");
        await client.CommandAsync("NOOP", "250 2.0.0");
        Assert.Empty(server.Intake.Stored);
        Assert.NotEmpty(fault);
    }

    [Fact]
    public async Task Line_of_64_KiB_is_accepted()
    {
        await using var server = await TestServer.StartAsync(
            o => o with { MaxDataLineLength = 64 * 1024 });
        await using var client = await StartDataAsync(server);
        var line = new string('x', 64 * 1024);

        await client.SendAsync($"Subject: long\r\n\r\n{line}\r\n.\r\n");

        await client.ExpectAsync("250 2.0.0");
        Assert.Equal(64 * 1024 + 19, Assert.Single(server.Intake.Stored).Written);
    }

    [Fact]
    public async Task Data_line_over_the_limit_gets_500_after_the_end()
    {
        await using var server = await TestServer.StartAsync(
            o => o with { MaxDataLineLength = 64 * 1024 });
        await using var client = await StartDataAsync(server);
        var line = new string('x', 64 * 1024 + 1);

        await client.SendAsync($"Subject: long\r\n\r\n{line}\r\n.\r\n");

        await client.ExpectAsync("500 5.5.2");
        await client.CommandAsync("NOOP", "250 2.0.0");
        Assert.Empty(server.Intake.Stored);
    }

    internal static async Task<RawClient> StartDataAsync(TestServer server)
    {
        var client = await server.ConnectAndGreetAsync();
        await client.CommandAsync("MAIL FROM:<sender@b.example>", "250 ");
        await client.CommandAsync("RCPT TO:<alias@recovery.example>", "250 ");
        await client.CommandAsync("DATA", "354 ");
        return client;
    }
}
