using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Receiving;

public sealed class RecipientTests
{
    public static TheoryData<string, string, string, string?> Recipients => new()
    {
        // fault name, RCPT TO argument, expected reply, address the intake must see
        { "known address", "<alias@recovery.example>", "250 2.1.5", "alias@recovery.example" },
        { "unknown mailbox", "<nobody@recovery.example>", "550 5.1.1", null },
        { "foreign domain", "<alias@evil.example>", "554 5.7.1", null },
        { "percent hack to foreign host", "<alias%recovery.example@evil.example>",
            "554 5.7.1", "alias%recovery.example@evil.example" },
        { "percent hack via our domain", "<victim%evil.example@recovery.example>",
            "550 5.1.1", "victim%evil.example@recovery.example" },
        { "bang path to foreign host", "<recovery.example!alias@evil.example>",
            "554 5.7.1", null },
        { "bang path via our domain", "<evil.example!victim@recovery.example>",
            "550 5.1.1", null },
        { "quoted at sign", "<\"alias@recovery.example\"@evil.example>",
            "554 5.7.1", "\"alias@recovery.example\"@evil.example" },
        { "source route ending elsewhere", "<@recovery.example:alias@evil.example>",
            "554 5.7.1", "alias@evil.example" },
        { "source route ending here", "<@a.example,@b.example:alias@recovery.example>",
            "250 2.1.5", "alias@recovery.example" },
        { "quoted plain local part", "<\"alias\"@recovery.example>",
            "250 2.1.5", "alias@recovery.example" },
        { "trailing dot", "<alias@recovery.example.>", "554 5.7.1", "alias@recovery.example." },
        { "ipv4 literal domain", "<alias@[127.0.0.1]>", "554 5.7.1", "alias@[127.0.0.1]" },
        { "ipv6 literal domain", "<alias@[IPv6:::1]>", "554 5.7.1", "alias@[IPv6:::1]" },
        { "non-ascii local without smtputf8", "<ålias@recovery.example>", "553 5.6.7", null },
        { "missing angle brackets", "alias@recovery.example", "501 5.1.3", null },
        { "empty path", "<>", "501 5.1.3", null },
        { "unadvertised parameter", "<alias@recovery.example> NOTIFY=NEVER", "555 5.5.4", null },
        { "upper-case known address", "<ALIAS@Recovery.Example>", "250 2.1.5", null },
    };

    [Theory]
    [MemberData(nameof(Recipients))]
    public async Task Recipient_is_decided_by_its_final_mailbox(
        string fault, string path, string expected, string? checkedAddress)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.CommandAsync("MAIL FROM:<sender@b.example>", "250 ");

        await client.CommandAsync($"RCPT TO:{path}", expected);

        Assert.NotEmpty(fault);
        if (checkedAddress is not null)
        {
            Assert.Equal([checkedAddress], server.Intake.Checked);
        }
    }

    [Fact]
    public async Task Non_ascii_recipient_is_checked_when_mail_declared_smtputf8()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.CommandAsync("MAIL FROM:<sender@b.example> SMTPUTF8", "250 ");

        await client.CommandAsync("RCPT TO:<ålias@recovery.example>", "550 5.1.1");

        Assert.Equal(["ålias@recovery.example"], server.Intake.Checked);
    }

    [Fact]
    public async Task Bcc_only_recipient_is_accepted_and_stored_in_the_envelope()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.CommandAsync("MAIL FROM:<sender@b.example>", "250 ");
        await client.CommandAsync("RCPT TO:<hidden@recovery.example>", "250 2.1.5");
        await client.CommandAsync("DATA", "354 ");

        await client.SendAsync("To: someone@elsewhere.example\r\nSubject: t\r\n\r\nhi\r\n.\r\n");

        await client.ExpectAsync("250 2.0.0");
        var stored = Assert.Single(server.Intake.Stored);
        Assert.Equal(["hidden@recovery.example"], stored.Envelope.Recipients);
    }

    [Fact]
    public async Task Too_many_recipients_get_452()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxRecipients = 2 });
        await using var client = await server.ConnectAndGreetAsync();
        await client.CommandAsync("MAIL FROM:<sender@b.example>", "250 ");
        await client.CommandAsync("RCPT TO:<alias@recovery.example>", "250 ");
        await client.CommandAsync("RCPT TO:<other@recovery.example>", "250 ");

        await client.CommandAsync("RCPT TO:<hidden@recovery.example>", "452 4.5.3");
    }
}
