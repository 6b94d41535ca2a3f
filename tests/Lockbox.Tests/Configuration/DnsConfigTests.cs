using System.Net;
using Lockbox.Configuration;

namespace Lockbox.Tests.Configuration;

/// <summary>The <c>[dns]</c> table and <c>expect</c> of an address: valid forms are read, each
/// fault is one line naming file, line and key.</summary>
public sealed class DnsConfigTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Resolver_and_expect_are_read()
    {
        var options = Load("""

            [dns]
            resolver = "192.0.2.53:5353"
            """, expect: "expect = [\"LastPass.com\", \"accounts.example\"]");

        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.53"), 5353), options.Dns.Resolver);
        Assert.Equal(["lastpass.com", "accounts.example"], options.Addresses[0].Expect!);
    }

    [Fact]
    public void Without_dns_table_the_system_resolver_is_used_and_nothing_is_expected()
    {
        var options = Load("");

        Assert.Null(options.Dns.Resolver);
        Assert.True(options.Dns.Enabled);
        Assert.Null(options.Addresses[0].Expect);
    }

    [Fact]
    public void Sender_checks_can_be_turned_off()
    {
        var options = Load("[dns]\nenabled = false");

        Assert.False(options.Dns.Enabled);
    }

    public static TheoryData<string, string, string, string, string[]> Faults => new()
    {
        // fault, appended tables, expect line, text on the line the error names, words
        { "resolver_host_name", "[dns]\nresolver = \"dns.example:53\"", "", "resolver =",
            ["'dns.example:53'", "'resolver' in [dns]", "IP address"] },
        { "resolver_without_port", "[dns]\nresolver = \"192.0.2.53\"", "", "resolver =",
            ["'resolver' in [dns]", "host:port"] },
        { "resolver_port_zero", "[dns]\nresolver = \"127.0.0.1:0\"", "", "resolver =",
            ["'resolver' in [dns]", "not be 0"] },
        { "resolver_wrong_type", "[dns]\nresolver = 53", "", "resolver =",
            ["'resolver' in [dns]", "must be a string"] },
        { "enabled_wrong_type", "[dns]\nenabled = \"no\"", "", "enabled =",
            ["'enabled' in [dns]", "true or false"] },
        { "dns_unknown_key", "[dns]\nresolvers = \"127.0.0.1:53\"", "", "resolvers =",
            ["unknown key 'resolvers' in [dns]", "did you mean 'resolver'?"] },
        { "expect_not_array", "", "expect = \"lastpass.com\"", "expect =",
            ["'expect' in [[address]] #1", "array of domains"] },
        { "expect_not_domain", "", "expect = [\"lastpass\"]", "expect =",
            ["'lastpass'", "'expect' in [[address]] #1", "not a domain"] },
        { "expect_address_not_domain", "", "expect = [\"a@lastpass.com\"]", "expect =",
            ["'a@lastpass.com'", "not a domain"] },
        { "expect_typo", "", "expects = [\"lastpass.com\"]", "expects =",
            ["unknown key 'expects'", "did you mean 'expect'?"] },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Fault_is_reported_with_file_line_and_key(
        string fault, string tables, string expect, string lineText, string[] expected)
    {
        var text = Text(tables, expect);
        var line = text.Split('\n').ToList().FindIndex(l => l.StartsWith(lineText,
            StringComparison.Ordinal)) + 1;
        var path = folder.Write($"{fault}.toml", text);

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));

        Assert.StartsWith($"{path}:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        foreach (var part in expected)
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
    }

    private LockboxOptions Load(string tables, string expect = "") =>
        ConfigLoader.Load(folder.Write("lockbox.toml", Text(tables, expect)));

    private static string Text(string tables, string expect) =>
        SampleConfig.Text.Replace("email = \"lastpass-7f3k@recovery.example\"",
            "email = \"lastpass-7f3k@recovery.example\"\n" + expect, StringComparison.Ordinal)
        + "\n" + tables + "\n";
}
