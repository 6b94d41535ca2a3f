using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Receiving;

public sealed class StartTlsTests
{
    [Fact]
    public async Task Commands_pipelined_after_starttls_are_discarded()
    {
        await using var server = await TestServer.StartAsync(
            o => o with { TlsCertificate = () => TestCertificate.Context });
        await using var client = await server.ConnectAsync();
        await client.ExpectAsync("220 ");
        var ehlo = await client.CommandAsync("EHLO client.example", "250 ");
        Assert.Equal("250 STARTTLS", ehlo[^1]);

        await client.SendAsync("STARTTLS\r\nMAIL FROM:<injected@evil.example>\r\n");
        await client.ExpectAsync("220 2.0.0");
        await client.StartTlsAsync();

        // the session forgot EHLO too, so MAIL would also be refused before a new EHLO
        await client.CommandAsync("RCPT TO:<alias@recovery.example>", "503 5.5.1");
        await client.CommandAsync("MAIL FROM:<a@b.example>", "503 5.5.1");
        var again = await client.CommandAsync("EHLO client.example", "250 ");
        Assert.DoesNotContain(again, line => line.Contains("STARTTLS", StringComparison.Ordinal));
        await client.CommandAsync("STARTTLS", "503 5.5.1");
    }

    public static TheoryData<string, bool, string, string, string> Protocols => new()
    {
        { "helo", false, "HELO client.example", "MAIL FROM:<a@b.example>", "SMTP" },
        { "ehlo", false, "EHLO client.example", "MAIL FROM:<a@b.example>", "ESMTP" },
        { "ehlo tls", true, "EHLO client.example", "MAIL FROM:<a@b.example>", "ESMTPS" },
        { "utf8", false, "EHLO client.example", "MAIL FROM:<ä@b.example> SMTPUTF8", "UTF8SMTP" },
        { "utf8 tls", true, "EHLO client.example", "MAIL FROM:<a@b.example> SMTPUTF8",
            "UTF8SMTPS" },
    };

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Envelope_names_the_rfc3848_protocol(
        string fault, bool tls, string greet, string mail, string protocol)
    {
        await using var server = await TestServer.StartAsync(
            o => o with { TlsCertificate = () => TestCertificate.Context });
        await using var client = await server.ConnectAsync();
        await client.ExpectAsync("220 ");
        if (tls)
        {
            await client.CommandAsync("EHLO client.example", "250 ");
            await client.CommandAsync("STARTTLS", "220 2.0.0");
            await client.StartTlsAsync();
        }

        await client.CommandAsync(greet, "250 ");
        await client.CommandAsync(mail, "250 ");
        await client.CommandAsync("RCPT TO:<alias@recovery.example>", "250 ");
        await client.CommandAsync("DATA", "354 ");
        await client.SendAsync("Subject: t\r\n\r\nhi\r\n.\r\n");
        await client.ExpectAsync("250 2.0.0");

        Assert.NotEmpty(fault);
        Assert.Equal(protocol, Assert.Single(server.Intake.Stored).Envelope.Protocol);
    }
}
