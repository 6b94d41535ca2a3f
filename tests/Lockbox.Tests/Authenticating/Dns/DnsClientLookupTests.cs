using System.Net;
using System.Net.Sockets;
using Lockbox.Authenticating.Dns;

namespace Lockbox.Tests.Authenticating.Dns;

/// <summary>DnsClient against the fake server: each DNS outcome maps to one status, and
/// failures are answers, not exceptions.</summary>
public sealed class DnsClientLookupTests : IAsyncLifetime
{
    private readonly FakeDnsServer _dns = FakeDnsServer.Start();

    public Task InitializeAsync()
    {
        _dns.Txt("split.example", new string('k', 2000))
            .A("host.example", "192.0.2.1", "192.0.2.2")
            .Aaaa("host.example", "2001:db8::1")
            .Mx("host.example", "mx1.host.example.")
            .ReverseName("1.2.0.192.in-addr.arpa", "host.example")
            .Fail("broken.example");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _dns.DisposeAsync();

    [Fact]
    public async Task Each_record_type_comes_back_as_text()
    {
        var lookup = Lookup(_dns.Port);

        var a = await lookup.QueryAsync("host.example", DnsKind.A, CancellationToken.None);
        var aaaa = await lookup.QueryAsync("host.example", DnsKind.Aaaa, CancellationToken.None);
        var mx = await lookup.QueryAsync("host.example", DnsKind.Mx, CancellationToken.None);
        var ptr = await lookup.QueryAsync(
            "1.2.0.192.in-addr.arpa", DnsKind.ReverseName, CancellationToken.None);

        Assert.Equal(["192.0.2.1", "192.0.2.2"], a.Values);
        Assert.Equal(["2001:db8::1"], aaaa.Values);
        Assert.Equal(["mx1.host.example"], mx.Values);
        Assert.Equal(["host.example"], ptr.Values);
    }

    [Fact]
    public async Task Long_txt_split_in_strings_is_joined()
    {
        var answer = await Lookup(_dns.Port).QueryAsync(
            "split.example", DnsKind.Txt, CancellationToken.None);

        Assert.Equal(new string('k', 2000), Assert.Single(answer.Values));
    }

    [Theory]
    [InlineData("absent.example", DnsStatus.NameNotFound)]
    [InlineData("host.example", DnsStatus.NoRecords)]
    [InlineData("broken.example", DnsStatus.Failed)]
    public async Task Outcome_maps_to_one_status(string name, DnsStatus expected)
    {
        var answer = await Lookup(_dns.Port).QueryAsync(name, DnsKind.Txt, CancellationToken.None);

        Assert.Equal(expected, answer.Status);
    }

    [Fact]
    public async Task Localhost_names_are_not_asked()
    {
        var answer = await Lookup(_dns.Port).QueryAsync(
            "send-test.localhost", DnsKind.Txt, CancellationToken.None);

        Assert.Equal(DnsStatus.NameNotFound, answer.Status);
        Assert.DoesNotContain(_dns.Queries, q => q.Contains("localhost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolver_nobody_listens_on_is_a_failure_not_an_exception()
    {
        // a port that was free a moment ago: nothing answers there
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;

        var answer = await new DnsClientLookup(new IPEndPoint(IPAddress.Loopback, port),
                TimeSpan.FromSeconds(1))
            .QueryAsync("host.example", DnsKind.A, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(DnsStatus.Failed, answer.Status);
    }

    private static DnsClientLookup Lookup(int port) =>
        new(new IPEndPoint(IPAddress.Loopback, port), TimeSpan.FromSeconds(5));
}
