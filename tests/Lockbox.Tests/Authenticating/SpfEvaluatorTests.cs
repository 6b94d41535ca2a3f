using System.Net;
using Lockbox.Authenticating.Dns;
using Lockbox.Authenticating.Spf;

namespace Lockbox.Tests.Authenticating;

/// <summary>One zone on a fake DNS server shared by the SPF cases below.</summary>
public sealed class SpfZone : IAsyncLifetime
{
    public FakeDnsServer Dns { get; } = FakeDnsServer.Start();

    public Task InitializeAsync()
    {
        Dns.Txt("pass.example", "v=spf1 ip4:192.0.2.0/24 -all")
            .Txt("upper.example", "V=SPF1 IP4:192.0.2.7 -ALL")
            .Txt("soft.example", "v=spf1 ~all")
            .Txt("neutral.example", "v=spf1 ?all")
            .Txt("default-neutral.example", "v=spf1 ip4:203.0.113.1")
            .Txt("nothing.example", "some other text")
            .Txt("two-records.example", "v=spf1 -all", "v=spf1 +all")
            .Txt("bad-ip.example", "v=spf1 ip4:300.1.1.1 -all")
            .Txt("bad-cidr.example", "v=spf1 ip4:192.0.2.0/33 -all")
            .Txt("unknown-mechanism.example", "v=spf1 foo -all")
            .Txt("unknown-modifier.example", "v=spf1 foo=bar ip4:192.0.2.7 -all")
            .Txt("two-redirects.example", "v=spf1 redirect=pass.example redirect=pass.example")
            .Txt("include-pass.example", "v=spf1 include:pass.example -all")
            .Txt("include-fail.example", "v=spf1 include:soft.example -all")
            .Txt("include-none.example", "v=spf1 include:nothing.example -all")
            .Txt("include-loop.example", "v=spf1 include:include-loop.example -all")
            .Txt("include-servfail.example", "v=spf1 include:servfail.example -all")
            .Fail("servfail.example")
            .Txt("split.example", "v=spf1 ip4:192.0.2.7 " + new string(' ', 300) + "-all")
            .Txt("mx.example", "v=spf1 mx -all")
            .Mx("mx.example", "mail.mx.example")
            .A("mail.mx.example", "198.51.100.25")
            .Txt("a-cidr.example", "v=spf1 a/24 -all")
            .A("a-cidr.example", "198.51.100.1")
            .Txt("ip6.example", "v=spf1 ip6:2001:db8::/32 -all")
            .Txt("redirect.example", "v=spf1 redirect=pass.example")
            .Txt("redirect-none.example", "v=spf1 redirect=nothing.example")
            .Txt("all-before-redirect.example", "v=spf1 -all redirect=pass.example")
            .Txt("macro.example", "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all")
            .A("7.2.0.192.a._spf.macro.example", "127.0.0.2")
            .Txt("hmacro.example", "v=spf1 exists:%{v}.%{h}._h.%{d2} -all")
            .A("in-addr.mta.sender.example._h.hmacro.example", "127.0.0.2")
            .Txt("ptr.example", "v=spf1 ptr -all")
            .Txt("ptr-other.example", "v=spf1 ptr:elsewhere.example -all")
            .ReverseName("7.2.0.192.in-addr.arpa", "mail.ptr.example")
            .A("mail.ptr.example", "192.0.2.7")
            .ReverseName("8.2.0.192.in-addr.arpa", "forged.ptr.example")
            .A("forged.ptr.example", "203.0.113.8")
            .Txt("bad-macro.example", "v=spf1 exists:%{x}.example -all")
            .Txt("two-voids.example", "v=spf1 a:v1.example a:v2.example -all")
            .Txt("three-voids.example", "v=spf1 a:v1.example a:v2.example a:v3.example -all");

        // ten DNS terms are allowed, the eleventh is a permerror (RFC 7208 §4.6.4)
        var ten = string.Join(' ', Enumerable.Range(1, 10).Select(i => $"a:h{i}.example"));
        Dns.Txt("ten-terms.example", $"v=spf1 {ten} -all")
            .Txt("eleven-terms.example", $"v=spf1 {ten} a:h11.example -all");
        for (var i = 1; i <= 11; i++)
            Dns.A($"h{i}.example", "203.0.113.99");

        var eleven = string.Join(' ', Enumerable.Range(1, 11).Select(i => $"m{i}.mx11.example"));
        Dns.Txt("mx11.example", "v=spf1 mx -all").Mx("mx11.example", eleven.Split(' '));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Dns.DisposeAsync();
}

public sealed class SpfEvaluatorTests(SpfZone zone) : IClassFixture<SpfZone>
{
    public static TheoryData<string, string, string, SpfResult> Cases => new()
    {
        { "ip4 network matches", "user@pass.example", "192.0.2.7", SpfResult.Pass },
        { "ip4 outside network fails", "user@pass.example", "198.51.100.1", SpfResult.Fail },
        { "terms are case-insensitive", "user@upper.example", "192.0.2.7", SpfResult.Pass },
        { "ipv4-mapped client is ipv4", "user@pass.example", "::ffff:192.0.2.7", SpfResult.Pass },
        { "softfail all", "user@soft.example", "192.0.2.7", SpfResult.SoftFail },
        { "neutral all", "user@neutral.example", "192.0.2.7", SpfResult.Neutral },
        { "no match and no all is neutral", "u@default-neutral.example", "192.0.2.7",
            SpfResult.Neutral },
        { "txt without spf is none", "user@nothing.example", "192.0.2.7", SpfResult.None },
        { "nxdomain is none", "user@absent.example", "192.0.2.7", SpfResult.None },
        { "single-label domain is none", "user@localdomain", "192.0.2.7", SpfResult.None },
        { "two spf records is permerror", "u@two-records.example", "192.0.2.7",
            SpfResult.PermError },
        { "bad ip4 is permerror", "user@bad-ip.example", "192.0.2.7", SpfResult.PermError },
        { "cidr over 32 is permerror", "user@bad-cidr.example", "192.0.2.7", SpfResult.PermError },
        { "unknown mechanism is permerror", "u@unknown-mechanism.example", "192.0.2.7",
            SpfResult.PermError },
        { "unknown modifier is ignored", "u@unknown-modifier.example", "192.0.2.7",
            SpfResult.Pass },
        { "redirect twice is permerror", "u@two-redirects.example", "192.0.2.7",
            SpfResult.PermError },
        { "include of a pass matches", "u@include-pass.example", "192.0.2.7", SpfResult.Pass },
        { "include of a softfail does not match", "u@include-fail.example", "192.0.2.7",
            SpfResult.Fail },
        { "include without spf is permerror", "u@include-none.example", "192.0.2.7",
            SpfResult.PermError },
        { "include loop hits the term limit", "u@include-loop.example", "192.0.2.7",
            SpfResult.PermError },
        { "include servfail is temperror", "u@include-servfail.example", "192.0.2.7",
            SpfResult.TempError },
        { "servfail is temperror", "user@servfail.example", "192.0.2.7", SpfResult.TempError },
        { "long record split in strings joins", "user@split.example", "192.0.2.7",
            SpfResult.Pass },
        { "mx host address matches", "user@mx.example", "198.51.100.25", SpfResult.Pass },
        { "mx other address fails", "user@mx.example", "198.51.100.26", SpfResult.Fail },
        { "more than ten mx names is permerror", "user@mx11.example", "192.0.2.7",
            SpfResult.PermError },
        { "a with cidr matches the network", "user@a-cidr.example", "198.51.100.200",
            SpfResult.Pass },
        { "ip6 network matches", "user@ip6.example", "2001:db8::5", SpfResult.Pass },
        { "ip6 record fails an ipv4 client", "user@ip6.example", "192.0.2.7", SpfResult.Fail },
        { "redirect takes the target result", "u@redirect.example", "192.0.2.7", SpfResult.Pass },
        { "redirect to no spf is permerror", "u@redirect-none.example", "192.0.2.7",
            SpfResult.PermError },
        { "all wins over redirect", "u@all-before-redirect.example", "192.0.2.7",
            SpfResult.Fail },
        { "macros expand ip and local part", "a-b@macro.example", "192.0.2.7", SpfResult.Pass },
        { "macro miss falls to all", "c-d@macro.example", "192.0.2.7", SpfResult.Fail },
        { "helo, version and right-hand labels expand", "u@hmacro.example", "192.0.2.7",
            SpfResult.Pass },
        { "validated ptr name under the domain matches", "u@ptr.example", "192.0.2.7",
            SpfResult.Pass },
        { "ptr name that does not resolve back fails", "u@ptr.example", "192.0.2.8",
            SpfResult.Fail },
        { "ptr name outside the target fails", "u@ptr-other.example", "192.0.2.7",
            SpfResult.Fail },
        { "unknown macro letter is permerror", "u@bad-macro.example", "192.0.2.7",
            SpfResult.PermError },
        { "two void lookups are allowed", "u@two-voids.example", "192.0.2.7", SpfResult.Fail },
        { "third void lookup is permerror", "u@three-voids.example", "192.0.2.7",
            SpfResult.PermError },
        { "ten dns terms are allowed", "u@ten-terms.example", "192.0.2.7", SpfResult.Fail },
        { "eleventh dns term is permerror", "u@eleven-terms.example", "192.0.2.7",
            SpfResult.PermError },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Check_host_gives_the_rfc_7208_result(
        string fault, string sender, string client, SpfResult expected)
    {
        var evaluator = new SpfEvaluator(Lookup());

        var result = await evaluator.CheckAsync(
            IPAddress.Parse(client), sender, "mta.sender.example", CancellationToken.None);

        Assert.True(expected == result, $"{fault}: expected {expected}, got {result}");
    }

    [Fact]
    public async Task A_resolver_that_never_answers_gives_temperror_when_the_budget_ends()
    {
        await using var hanging = FakeDnsServer.Start();
        hanging.Silent = true;
        var evaluator = new SpfEvaluator(
            new DnsClientLookup(new IPEndPoint(IPAddress.Loopback, hanging.Port),
                TimeSpan.FromMinutes(1)));
        using var budget = new CancellationTokenSource();

        var check = evaluator.CheckAsync(
            IPAddress.Parse("192.0.2.7"), "u@pass.example", "h.example", budget.Token);
        await budget.CancelAsync();

        Assert.Equal(SpfResult.TempError, await check.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private DnsClientLookup Lookup() =>
        new(new IPEndPoint(IPAddress.Loopback, zone.Dns.Port), TimeSpan.FromSeconds(5));
}
