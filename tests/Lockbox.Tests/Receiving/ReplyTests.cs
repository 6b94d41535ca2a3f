using System.Text.RegularExpressions;
using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Receiving;

public sealed partial class ReplyTests
{
    [GeneratedRegex(@"^\d{3}[ -]\d\.\d{1,3}\.\d{1,3}( |$)")]
    private static partial Regex EnhancedReply();

    [Fact]
    public async Task Greeting_names_only_the_configured_host()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var greeting = await client.ReadReplyAsync();

        Assert.Equal([$"220 {TestServer.Hostname} ESMTP"], greeting);
    }

    [Fact]
    public async Task Ehlo_advertises_the_extensions_and_never_auth()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.ExpectAsync("220 ");

        var reply = await client.CommandAsync("EHLO [192.0.2.1]", "250 ");

        var keywords = reply.Skip(1).Select(line => line[4..]).ToList();
        Assert.Equal(
            ["PIPELINING", "8BITMIME", "SMTPUTF8", "SIZE 26214400", "ENHANCEDSTATUSCODES",
                "CHUNKING"],
            keywords);
        Assert.Equal($"250-{TestServer.Hostname}", reply[0]);
    }

    [Fact]
    public async Task Every_reply_after_the_greeting_carries_an_enhanced_status_code()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxBadCommands = 50 });
        await using var client = await server.ConnectAndGreetAsync();
        string[] script =
        [
            "NOOP", "HELP", "VRFY alias", "VRFY", "EXPN list", "RSET", "FOO", "DATA",
            "RCPT TO:<alias@recovery.example>", "MAIL FROM:<broken", "MAIL FROM:<a@b.example>",
            "MAIL FROM:<a@b.example>", "RCPT TO:<alias@recovery.example>",
            "RCPT TO:<nobody@recovery.example>", "RCPT TO:<x@evil.example>",
            "RCPT TO:<alias@recovery.example> NOTIFY=NEVER", "STARTTLS", "RSET now",
        ];
        var before = client.Transcript.Count;

        foreach (var command in script)
        {
            await client.SendAsync(command + "\r\n");
            await client.ReadReplyAsync();
        }

        await client.CommandAsync("DATA", "354 ");
        await client.SendAsync("Subject: t\r\n\r\nhi\r\n.\r\n");
        await client.ExpectAsync("250 ");
        await client.CommandAsync("QUIT", "221 ");
        var lines = client.Transcript.Skip(before).ToList();
        Assert.Equal(script.Length + 3, lines.Count);
        Assert.All(lines, line => Assert.Matches(EnhancedReply(), line));
    }

    [Fact]
    public async Task Pipelined_batch_gets_its_replies_in_order()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.SendAsync(
            "MAIL FROM:<sender@b.example>\r\n"
            + "RCPT TO:<alias@recovery.example>\r\n"
            + "RCPT TO:<nobody@recovery.example>\r\n"
            + "RCPT TO:<victim@evil.example>\r\n"
            + "NOOP\r\n"
            + "RCPT TO:<other@recovery.example>\r\n"
            + "DATA\r\n");

        string[] expected =
            ["250 2.1.0", "250 2.1.5", "550 5.1.1", "554 5.7.1", "250 2.0.0", "250 2.1.5", "354"];
        foreach (var prefix in expected)
        {
            await client.ExpectAsync(prefix);
        }

        await client.SendAsync("Subject: t\r\n\r\nhi\r\n.\r\nQUIT\r\n");
        await client.ExpectAsync("250 2.0.0 OK queued as msg-1");
        await client.ExpectAsync("221 2.0.0");
        Assert.Equal(
            ["alias@recovery.example", "other@recovery.example"],
            Assert.Single(server.Intake.Stored).Envelope.Recipients);
    }

    public static TheoryData<string, string[], string> SequenceFaults => new()
    {
        { "mail before ehlo", [], "MAIL FROM:<a@b.example>" },
        { "rcpt before mail", ["EHLO c.example"], "RCPT TO:<alias@recovery.example>" },
        { "data before mail", ["EHLO c.example"], "DATA" },
        { "data without valid rcpt", ["EHLO c.example", "MAIL FROM:<a@b.example>"], "DATA" },
        { "nested mail", ["EHLO c.example", "MAIL FROM:<a@b.example>"], "MAIL FROM:<c@d.example>" },
    };

    [Theory]
    [MemberData(nameof(SequenceFaults))]
    public async Task Command_out_of_sequence_gets_503(
        string fault, string[] setup, string command)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.ExpectAsync("220 ");
        foreach (var line in setup)
        {
            await client.CommandAsync(line, "250 ");
        }

        await client.CommandAsync(command, "503 5.5.1");

        Assert.NotEmpty(fault);
        Assert.Empty(server.Intake.Drafts);
    }

    [Theory]
    [InlineData("unknown verb", "FOO bar", "500 5.5.1")]
    [InlineData("helo without name", "HELO", "501 5.5.4")]
    [InlineData("ehlo with two words", "EHLO a.example b.example", "501 5.5.4")]
    [InlineData("control character", "NOOP \u0001", "501 5.5.4")]
    [InlineData("vrfy never confirms", "VRFY alias", "252 2.5.0")]
    [InlineData("help", "HELP", "214 2.0.0")]
    [InlineData("starttls without certificate", "STARTTLS", "454 4.7.0")]
    [InlineData("auth is never offered on the mx port", "AUTH PLAIN AGFhAGI=", "500 5.5.1")]
    [InlineData("bdat outside a transaction", "BDAT 0 LAST", "503 5.5.1")]
    public async Task Single_command_gets_its_named_reply(
        string fault, string command, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.CommandAsync(command, expected);

        Assert.NotEmpty(fault);
    }
}
