using System.Net;
using Lockbox.Configuration;
using Lockbox.Receiving;
using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Receiving;

/// <summary>
/// Envelope addresses against Lockbox's real <see cref="RecipientPolicy"/>: a configured
/// address, a wildcard domain, and plus tags off (the default) or on.
/// </summary>
public sealed class EnvelopeTests
{
    private static readonly RecoveryAddress[] Addresses =
        [new("alias@recovery.example"), new("*@wild.example")];

    public static TheoryData<string, string, string, string?> RelayTricks => new()
    {
        // fault name, RCPT TO path, reply, mailbox stored when accepted
        { "percent hack through our domain", "<victim%evil.example@recovery.example>",
            "550 5.1.1", null },
        { "percent hack to a foreign host", "<alias%recovery.example@evil.example>",
            "554 5.7.1", null },
        { "percent hack through a wildcard", "<victim%evil.example@wild.example>",
            "550 5.1.1", null },
        { "bang path through our domain", "<evil.example!victim@recovery.example>",
            "550 5.1.1", null },
        { "bang path through a wildcard", "<evil.example!victim@wild.example>",
            "550 5.1.1", null },
        { "bang path to a foreign host", "<recovery.example!alias@evil.example>",
            "554 5.7.1", null },
        { "quoted at sign to a foreign host", "<\"alias@recovery.example\"@evil.example>",
            "554 5.7.1", null },
        { "quoted at sign through our domain", "<\"victim@evil.example\"@recovery.example>",
            "550 5.1.1", null },
        { "quoted at sign through a wildcard", "<\"victim@evil.example\"@wild.example>",
            "550 5.1.1", null },
        { "source route ending elsewhere", "<@recovery.example:victim@evil.example>",
            "554 5.7.1", null },
        { "source route of several hops ending elsewhere",
            "<@recovery.example,@wild.example:victim@evil.example>", "554 5.7.1", null },
        { "trailing dot", "<alias@recovery.example.>", "554 5.7.1", null },
        { "trailing dot on a wildcard", "<x@wild.example.>", "554 5.7.1", null },
        { "ipv4 literal", "<alias@[127.0.0.1]>", "554 5.7.1", null },
        { "ipv6 literal", "<alias@[IPv6:::1]>", "554 5.7.1", null },
        { "our domain as a subdomain of another", "<alias@recovery.example.evil.example>",
            "554 5.7.1", null },
        { "source route ending here", "<@relay.example:alias@recovery.example>",
            "250 2.1.5", "alias@recovery.example" },
        { "quoted local part naming the mailbox", "<\"alias\"@recovery.example>",
            "250 2.1.5", "alias@recovery.example" },
        { "quoted local part with a needless escape", "<\"al\\ias\"@recovery.example>",
            "250 2.1.5", "alias@recovery.example" },
        { "mixed case", "<ALIAS@Recovery.EXAMPLE>", "250 2.1.5", "alias@recovery.example" },
        { "wildcard", "<Anyone@wild.example>", "250 2.1.5", "anyone@wild.example" },
        { "plus tag is another mailbox by default", "<alias+tag@recovery.example>",
            "550 5.1.1", null },
    };

    [Theory]
    [MemberData(nameof(RelayTricks))]
    public async Task Recipient_trick_is_decided_by_the_real_policy_from_ipv4_and_ipv6(
        string fault, string path, string expected, string? mailbox)
    {
        foreach (var loopback in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            var intake = new RecordingIntake { Policy = new RecipientPolicy(Addresses) };
            await using var server = await TestServer.StartAsync(intake: intake, bind: loopback);

            var stored = await SendAsync(server, path, expected);

            Assert.NotEmpty(fault);
            Assert.Equal(mailbox, stored);
        }
    }

    [Theory]
    [InlineData("plus tag", "<alias+tag@recovery.example>", "250 2.1.5",
        "alias@recovery.example")]
    [InlineData("empty tag", "<alias+@recovery.example>", "250 2.1.5", "alias@recovery.example")]
    [InlineData("plus tag on a wildcard", "<x+tag@wild.example>", "250 2.1.5", "x@wild.example")]
    [InlineData("tag without a name", "<+tag@recovery.example>", "550 5.1.1", null)]
    [InlineData("tag on an unknown name", "<bob+alias@recovery.example>", "550 5.1.1", null)]
    [InlineData("tag to a foreign host", "<alias+tag@evil.example>", "554 5.7.1", null)]
    public async Task With_plus_tags_on_a_tag_delivers_to_its_name(
        string fault, string path, string expected, string? mailbox)
    {
        var intake = new RecordingIntake
        {
            Policy = new RecipientPolicy(Addresses, plusTags: true),
        };
        await using var server = await TestServer.StartAsync(intake: intake);

        var stored = await SendAsync(server, path, expected);

        Assert.NotEmpty(fault);
        Assert.Equal(mailbox, stored);
    }

    [Fact]
    public async Task Null_sender_is_accepted_so_bounces_arrive()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.CommandAsync("MAIL FROM:<>", "250 2.1.0");
        await client.CommandAsync("RCPT TO:<alias@recovery.example>", "250 2.1.5");
        await client.CommandAsync("DATA", "354 ");
        await client.SendAsync("Subject: Undelivered Mail\r\n\r\nbounce\r\n.\r\n");

        await client.ExpectAsync("250 2.0.0");
        Assert.Equal("", Assert.Single(server.Intake.Stored).Envelope.ReversePath);
    }

    [Theory]
    [InlineData("non-ascii sender without smtputf8", "MAIL FROM:<jörg@sender.example>",
        "553 5.6.7")]
    [InlineData("non-ascii sender domain without smtputf8", "MAIL FROM:<a@bücher.example>",
        "553 5.6.7")]
    [InlineData("non-ascii sender with smtputf8", "MAIL FROM:<jörg@sender.example> SMTPUTF8",
        "250 2.1.0")]
    [InlineData("source-routed sender", "MAIL FROM:<@relay.example:a@sender.example>",
        "250 2.1.0")]
    [InlineData("bare postmaster as sender", "MAIL FROM:<postmaster>", "501 5.1.7")]
    public async Task Sender_path_gets_its_reply(string fault, string command, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.CommandAsync(command, expected);

        Assert.NotEmpty(fault);
    }

    [Theory]
    [InlineData("EHLO [192.0.2.1]", "250 ")]
    [InlineData("EHLO [IPv6:2001:db8::1]", "250 ")]
    [InlineData("HELO [127.0.0.1]", "250 ")]
    [InlineData("EHLO [300.1.1.1]", "501 5.5.4")]
    [InlineData("EHLO [IPv6:not-an-address]", "501 5.5.4")]
    public async Task Greeting_with_an_address_literal(string command, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.ExpectAsync("220 ");

        await client.CommandAsync(command, expected);

        if (expected == "250 ")
        {
            await client.CommandAsync("MAIL FROM:<a@b.example>", "250 2.1.0");
        }
    }

    // Runs one transaction to the path; returns the stored recipient when it was accepted.
    private static async Task<string?> SendAsync(TestServer server, string path, string expected)
    {
        await using var client = await server.ConnectAndGreetAsync();
        await client.CommandAsync("MAIL FROM:<sender@sender.example>", "250 ");
        await client.CommandAsync($"RCPT TO:{path}", expected);
        if (!expected.StartsWith("250", StringComparison.Ordinal))
        {
            await client.CommandAsync("DATA", "503 5.5.1");
            Assert.Empty(server.Intake.Drafts);
            return null;
        }

        await client.CommandAsync("DATA", "354 ");
        await client.SendAsync("Subject: t\r\n\r\nhi\r\n.\r\n");
        await client.ExpectAsync("250 2.0.0");
        return Assert.Single(Assert.Single(server.Intake.Stored).Envelope.Recipients);
    }
}
