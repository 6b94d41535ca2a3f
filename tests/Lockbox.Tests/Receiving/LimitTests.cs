using System.Text;
using Lockbox.Receiving.Smtp;
using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Receiving;

public sealed class LimitTests
{
    private const int SmallMax = 64 * 1024;

    [Fact]
    public async Task Oversize_message_gets_552_after_the_final_dot_and_is_not_stored()
    {
        await using var server = await TestServer.StartAsync(
            o => o with { MaxMessageSize = SmallMax });
        await using var client = await FramingTests.StartDataAsync(server);
        var line = new string('x', 998) + "\r\n";

        for (var i = 0; i < 4 * SmallMax / line.Length; i++)
        {
            await client.SendAsync(line);
        }

        await client.SendAsync(".\r\n");
        await client.ExpectAsync("552 5.3.4");
        await client.CommandAsync("NOOP", "250 2.0.0");
        var draft = Assert.Single(server.Intake.Drafts);
        Assert.False(draft.Committed);
        Assert.True(draft.Written <= SmallMax);
    }

    [Fact]
    public async Task Declared_size_over_the_limit_gets_552_at_mail()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.CommandAsync("MAIL FROM:<a@b.example> SIZE=26214401", "552 5.3.4");
        await client.CommandAsync(
            "MAIL FROM:<a@b.example> SIZE=99999999999999999999999", "552 5.3.4");
        await client.CommandAsync(
            "MAIL FROM:<a@b.example> SIZE=26214400 BODY=8BITMIME", "250 2.1.0");
    }

    // the memory bound is measured on the real server process in EndToEnd/MemoryTests
    [Fact]
    public async Task Ten_megabyte_command_line_gets_500_and_the_session_goes_on()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        var block = Encoding.ASCII.GetBytes(new string('A', 1024 * 1024));

        for (var i = 0; i < 10; i++)
        {
            await client.SendAsync(block);
        }

        await client.SendAsync("\r\nNOOP\r\n");
        await client.ExpectAsync("500 5.5.2");
        await client.ExpectAsync("250 2.0.0");
    }

    [Fact]
    public async Task Command_line_at_the_limit_is_read_and_one_over_is_refused()
    {
        await using var server = await TestServer.StartAsync(
            o => o with { MaxCommandLineLength = 512 });
        await using var client = await server.ConnectAndGreetAsync();

        await client.CommandAsync("NOOP " + new string('a', 512 - 5), "250 2.0.0");
        await client.CommandAsync("NOOP " + new string('a', 512 - 4), "500 5.5.2");
    }

    [Fact]
    public async Task Bad_command_budget_is_not_reset_by_good_commands()
    {
        await using var server = await TestServer.StartAsync(
            o => o with { MaxBadCommands = 3 });
        await using var client = await server.ConnectAndGreetAsync();

        await client.CommandAsync("FOO", "500 5.5.1");
        await client.CommandAsync("NOOP", "250 2.0.0");
        await client.CommandAsync("FOO", "500 5.5.1");
        await client.CommandAsync("NOOP", "250 2.0.0");
        await client.CommandAsync("FOO", "500 5.5.1");

        await client.ExpectAsync("421 4.7.0");
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Refused_recipients_count_against_the_bad_budget()
    {
        await using var server = await TestServer.StartAsync(
            o => o with { MaxBadCommands = 2 });
        await using var client = await server.ConnectAndGreetAsync();
        await client.CommandAsync("MAIL FROM:<a@b.example>", "250 ");

        await client.CommandAsync("RCPT TO:<guess1@recovery.example>", "550 5.1.1");
        await client.CommandAsync("RCPT TO:<guess2@recovery.example>", "550 5.1.1");

        await client.ExpectAsync("421 4.7.0");
    }

    [Fact]
    public async Task Session_over_the_per_client_limit_gets_421_and_is_closed()
    {
        await using var server = await TestServer.StartAsync(
            o => o with { MaxSessionsPerClient = 2 });
        await using var first = await server.ConnectAsync();
        await using var second = await server.ConnectAsync();
        await first.ExpectAsync("220 ");
        await second.ExpectAsync("220 ");

        await using var third = await server.ConnectAsync();

        await third.ExpectAsync("421 4.7.0");
        Assert.True(await third.IsClosedAsync());
        await first.CommandAsync("QUIT", "221 ");
        Assert.True(await first.IsClosedAsync());
    }

    [Fact]
    public async Task Session_over_the_total_limit_gets_421()
    {
        await using var server = await TestServer.StartAsync(
            o => o with { MaxSessions = 1 });
        await using var first = await server.ConnectAsync();
        await first.ExpectAsync("220 ");

        await using var second = await server.ConnectAsync();

        await second.ExpectAsync("421 4.7.0");
    }

    public static TheoryData<string, Func<SmtpServerOptions, SmtpServerOptions>> BadOptions =>
        new()
    {
        { "Hostname", o => o with { Hostname = "mx example" } },
        { "Hostname", o => o with { Hostname = "mx.example\r\n250 x" } },
        { "MaxMessageSize", o => o with { MaxMessageSize = 1000 } },
        { "MaxCommandLineLength", o => o with { MaxCommandLineLength = 511 } },
        { "MaxDataLineLength", o => o with { MaxDataLineLength = 1000 } },
        { "MaxRecipients", o => o with { MaxRecipients = 0 } },
        { "MaxSessions", o => o with { MaxSessions = 0 } },
        { "MaxSessionsPerClient", o => o with { MaxSessionsPerClient = 0 } },
        { "IdleTimeout", o => o with { IdleTimeout = TimeSpan.Zero } },
        { "DataTimeout", o => o with { DataTimeout = TimeSpan.FromSeconds(-1) } },
        { "MaxBadCommands", o => o with { MaxBadCommands = 0 } },
        { "ShutdownGrace", o => o with { ShutdownGrace = TimeSpan.FromSeconds(-1) } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Validate_names_the_bad_field(
        string field, Func<SmtpServerOptions, SmtpServerOptions> spoil)
    {
        var options = spoil(TestServer.DefaultOptions);

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void Default_options_are_valid() => TestServer.DefaultOptions.Validate();
}
