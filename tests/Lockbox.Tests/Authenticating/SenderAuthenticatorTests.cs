using System.Text;
using Lockbox.Authenticating;
using Lockbox.Authenticating.Dmarc;
using Lockbox.Configuration;
using Microsoft.Extensions.Time.Testing;
using MimeKit.Cryptography;
using static Lockbox.Tests.Authenticating.TestSigners;

namespace Lockbox.Tests.Authenticating;

/// <summary>SPF, DKIM and DMARC together over a fake DNS server: each case is named after the
/// fault or edge of RFC 6376 / RFC 7489 it pins.</summary>
public sealed class SenderAuthenticatorTests(SenderZone zone) : IClassFixture<SenderZone>
{
    [Fact]
    public async Task Aligned_dkim_and_spf_pass_dmarc_with_the_published_policy()
    {
        var wire = Wire(Sign(Message("alerts@bank.example"), RsaSigner("bank.example", "sel1")));

        var verdict = await Check(wire, "bounces@bank.example");

        Assert.Equal(("bank.example", AuthResult.Pass, AuthResult.Pass, AuthResult.Pass),
            (verdict.FromDomain, verdict.Dkim, verdict.Spf, verdict.Dmarc));
        Assert.Equal(["bank.example"], verdict.DkimDomains);
        Assert.Equal(DmarcPolicy.Reject, verdict.Policy);
        Assert.True(verdict.IsAuthenticated);
    }

    [Fact]
    public async Task Ed25519_sha256_signature_verifies()
    {
        var wire = Wire(Sign(Message("alerts@bank.example"), Ed25519Signer("bank.example", "ed")));

        var verdict = await Check(wire, "someone@evil.example");

        Assert.Equal(AuthResult.Pass, verdict.Dkim);
        Assert.Equal(AuthResult.Fail, verdict.Spf);
        Assert.Equal(AuthResult.Pass, verdict.Dmarc);
    }

    [Fact]
    public async Task Third_party_signature_and_spf_without_alignment_fail_dmarc()
    {
        var wire = Wire(Sign(Message("alerts@bank.example"), RsaSigner("mailer.example", "sel1")));

        var verdict = await Check(wire, "b123@bounce.mailer.example");

        Assert.Equal((AuthResult.Pass, AuthResult.Pass, AuthResult.Fail),
            (verdict.Dkim, verdict.Spf, verdict.Dmarc));
        Assert.Equal("no aligned SPF or DKIM pass", verdict.Problem);
        Assert.False(verdict.IsAuthenticated);
    }

    [Fact]
    public async Task Subdomain_signature_aligns_relaxed_but_not_strict()
    {
        var relaxed = await Check(Wire(Sign(Message("a@bank.example"),
            RsaSigner("mail.bank.example", "sel1"))), "x@evil.example");
        var strict = await Check(Wire(Sign(Message("a@strict.example"),
            RsaSigner("mail.strict.example", "sel1"))), "x@evil.example");

        Assert.Equal(AuthResult.Pass, relaxed.Dmarc);
        Assert.Equal(AuthResult.Pass, strict.Dkim);
        Assert.Equal(AuthResult.Fail, strict.Dmarc);
    }

    [Fact]
    public async Task Spf_of_a_subdomain_aligns_relaxed_but_not_with_aspf_strict()
    {
        var relaxed = await Check(Wire(Message("a@bank.example")), "b@bounces.bank.example");
        var strict = await Check(Wire(Message("a@strict.example")), "b@bounces.strict.example");

        Assert.Equal((AuthResult.None, AuthResult.Pass, AuthResult.Pass),
            (relaxed.Dkim, relaxed.Spf, relaxed.Dmarc));
        Assert.Equal((AuthResult.Pass, AuthResult.Fail), (strict.Spf, strict.Dmarc));
    }

    [Fact]
    public async Task Null_sender_is_checked_by_its_helo_name_and_that_aligns()
    {
        var verdict = await Check(Wire(Message("mailer-daemon@bank.example")), "",
            helo: "mta.bank.example");

        Assert.Equal((AuthResult.Pass, "mta.bank.example"), (verdict.Spf, verdict.SpfDomain));
        Assert.Equal(AuthResult.Pass, verdict.Dmarc);
    }

    [Fact]
    public async Task Subdomain_without_record_takes_the_organizational_sp_policy()
    {
        var verdict = await Check(Wire(Message("a@sub.org.example")), "x@evil.example");

        Assert.Equal(AuthResult.Fail, verdict.Dmarc);
        Assert.Equal(DmarcPolicy.Quarantine, verdict.Policy);
    }

    [Fact]
    public async Task Domain_without_dmarc_record_is_none_and_not_authenticated()
    {
        var verdict = await Check(Wire(Message("a@nopolicy.example")), "a@nopolicy.example");

        Assert.Equal((AuthResult.Pass, AuthResult.None), (verdict.Spf, verdict.Dmarc));
        Assert.False(verdict.IsAuthenticated);
    }

    [Fact]
    public async Task P_none_still_reports_the_failure()
    {
        var verdict = await Check(Wire(Message("a@monitor.example")), "a@monitor.example");

        Assert.Equal((AuthResult.Fail, AuthResult.Fail, DmarcPolicy.None),
            (verdict.Spf, verdict.Dmarc, verdict.Policy));
    }

    [Fact]
    public async Task Dmarc_record_lookup_failure_is_temperror()
    {
        var verdict = await Check(Wire(Message("a@dnsfail.example")), "a@dnsfail.example");

        Assert.Equal(AuthResult.TempError, verdict.Dmarc);
    }

    [Fact]
    public async Task Several_from_headers_cannot_pass_dmarc_even_with_a_good_signature()
    {
        var signed = Wire(Sign(Message("alerts@bank.example"), RsaSigner("bank.example", "sel1")));
        var wire = Encoding.ASCII.GetBytes("From: victim@evil.example\r\n")
            .Concat(signed).ToArray();

        var verdict = await Check(wire, "bounces@bank.example");

        Assert.Equal((AuthResult.Fail, "several From headers"), (verdict.Dmarc, verdict.Problem));
        Assert.Equal("", verdict.FromDomain);
    }

    [Fact]
    public async Task Missing_from_header_cannot_pass_dmarc()
    {
        var wire = Encoding.ASCII.GetBytes(
            "Subject: no author\r\nTo: lastpass-7f3k@recovery.example\r\n\r\nbody\r\n");

        var verdict = await Check(wire, "bounces@bank.example");

        Assert.Equal((AuthResult.Fail, "no From header"), (verdict.Dmarc, verdict.Problem));
        Assert.Equal(AuthResult.Pass, verdict.Spf);
    }

    [Fact]
    public async Task Body_changed_after_signing_fails_dkim()
    {
        var wire = Encoding.ASCII.GetString(Wire(Sign(Message("a@bank.example",
            "Your reset code is 123456."), RsaSigner("bank.example", "sel1"))));
        var tampered = Encoding.ASCII.GetBytes(wire.Replace("123456", "999999",
            StringComparison.Ordinal));

        var verdict = await Check(tampered, "x@evil.example");

        Assert.Equal((AuthResult.Fail, AuthResult.Fail), (verdict.Dkim, verdict.Dmarc));
    }

    [Fact]
    public async Task Missing_key_is_permerror_not_an_exception()
    {
        var wire = Wire(Sign(Message("a@bank.example"), RsaSigner("bank.example", "nokey")));

        var verdict = await Check(wire, "x@evil.example");

        Assert.Equal((AuthResult.PermError, AuthResult.Fail), (verdict.Dkim, verdict.Dmarc));
    }

    [Fact]
    public async Task Revoked_key_is_permerror()
    {
        var wire = Wire(Sign(Message("a@bank.example"), RsaSigner("bank.example", "revoked")));

        var verdict = await Check(wire, "x@evil.example");

        Assert.Equal(AuthResult.PermError, verdict.Dkim);
    }

    [Fact]
    public async Task Rsa_sha1_is_not_accepted()
    {
        var wire = Wire(Sign(Message("a@bank.example"),
            RsaSigner("bank.example", "sel1", DkimSignatureAlgorithm.RsaSha1)));

        var verdict = await Check(wire, "x@evil.example");

        Assert.NotEqual(AuthResult.Pass, verdict.Dkim);
        Assert.Equal(AuthResult.Fail, verdict.Dmarc);
    }

    [Fact]
    public async Task Any_aligned_pass_among_several_signatures_counts()
    {
        var wire = Wire(Sign(Message("a@bank.example"),
            RsaSigner("bank.example", "sel1"), RsaSigner("bank.example", "nokey"),
            RsaSigner("mailer.example", "sel1")));

        var verdict = await Check(wire, "x@evil.example");

        Assert.Equal((AuthResult.Pass, AuthResult.Pass), (verdict.Dkim, verdict.Dmarc));
        Assert.Equal(["bank.example", "mailer.example"], verdict.DkimDomains.Order());
    }

    [Fact]
    public async Task Identity_outside_the_signing_domain_is_permerror()
    {
        var signer = RsaSigner("bank.example", "sel1");
        signer.AgentOrUserIdentifier = "@evil.example";
        var wire = Wire(Sign(Message("a@bank.example"), signer));

        var verdict = await Check(wire, "x@evil.example");

        Assert.Equal(AuthResult.PermError, verdict.Dkim);
    }

    [Fact]
    public async Task Message_past_the_memory_limit_is_not_dkim_checked_but_spf_and_dmarc_run()
    {
        var wire = Wire(Sign(Message("a@bank.example", new string('x', 5000)),
            RsaSigner("bank.example", "sel1")));

        var verdict = await SenderZone.CheckAsync(zone.Authenticator(), wire,
            "bounces@bank.example", copyLimit: 1024);

        Assert.Equal((AuthResult.NotChecked, AuthResult.Pass, AuthResult.Pass),
            (verdict.Dkim, verdict.Spf, verdict.Dmarc));
    }

    [Fact]
    public async Task Expected_domain_needs_an_authenticated_sender()
    {
        var addresses = new[] { new RecoveryAddress(TestBox.RecoveryAddress, ["bank.example"]) };
        var authenticator = zone.Authenticator(addresses);
        var genuine = Wire(Sign(Message("a@bank.example"), RsaSigner("bank.example", "sel1")));
        var forged = Wire(Message("a@bank.example"));

        var good = await SenderZone.CheckAsync(authenticator, genuine, "x@evil.example");
        var bad = await SenderZone.CheckAsync(authenticator, forged, "x@evil.example");

        Assert.Equal([new SenderExpectation(TestBox.RecoveryAddress, true)], good.Expectations);
        Assert.Equal([new SenderExpectation(TestBox.RecoveryAddress, false)], bad.Expectations);
    }

    [Fact]
    public async Task A_resolver_that_never_answers_gives_temperror_when_the_budget_ends()
    {
        await using var hanging = FakeDnsServer.Start();
        hanging.Silent = true;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var authenticator = zone.Authenticator(time: clock, dns: hanging);
        var wire = Wire(Sign(Message("a@bank.example"), RsaSigner("bank.example", "sel1")));

        var check = SenderZone.CheckAsync(authenticator, wire, "bounces@bank.example");
        await WaitForQueriesAsync(hanging);
        clock.Advance(SenderCheckSettings.DefaultBudget);
        var verdict = await check.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal((AuthResult.TempError, AuthResult.TempError, AuthResult.TempError),
            (verdict.Dkim, verdict.Spf, verdict.Dmarc));
    }

    [Fact]
    public async Task Log_line_names_outcomes_never_domains_or_addresses()
    {
        var logger = new Lockbox.Tests.Alerts.CapturingLogger<SenderAuthenticator>();
        var authenticator = zone.Authenticator(logger: logger);
        var wire = Wire(Sign(Message("alerts@bank.example"), RsaSigner("mailer.example", "sel1")));

        await SenderZone.CheckAsync(authenticator, wire, "b@bounce.mailer.example");

        var line = Assert.Single(logger.Lines);
        Assert.Contains("SPF Pass, DKIM Pass, DMARC Fail", line, StringComparison.Ordinal);
        foreach (var secret in new[] { "bank", "mailer", "alerts", "recovery", "example" })
            Assert.DoesNotContain(secret, line, StringComparison.OrdinalIgnoreCase);
    }

    private Task<SenderVerdict> Check(byte[] wire, string reversePath, string helo = "h.example") =>
        SenderZone.CheckAsync(zone.Authenticator(), wire, reversePath, helo);

    // the clock is moved only once both lookups are waiting, so the budget is what ends them
    private static async Task WaitForQueriesAsync(FakeDnsServer dns)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (dns.Queries.Count < 2)
            await Task.Delay(10, timeout.Token);
    }
}
