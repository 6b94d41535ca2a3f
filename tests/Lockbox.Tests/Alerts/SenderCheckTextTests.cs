using Lockbox.Alerts;
using Lockbox.Authenticating;
using Lockbox.Authenticating.Dmarc;

namespace Lockbox.Tests.Alerts;

/// <summary>The verdict in the alert's plain words, one row per kind of verdict.</summary>
public sealed class SenderCheckTextTests
{
    private static readonly SenderVerdict Genuine = new("bank.example", AuthResult.Pass,
        ["bank.example"], AuthResult.Pass, "bank.example", AuthResult.Pass, DmarcPolicy.Reject,
        null, []);

    public static TheoryData<string, SenderVerdict?, string> Cases => new()
    {
        { "all pass", Genuine, "bank.example — DKIM pass, SPF pass, DMARC pass" },
        { "signer and bounce domain differ from From",
            Genuine with { DkimDomains = ["bank.example", "mailer.example"],
                SpfDomain = "bounces.bank.example" },
            "bank.example — DKIM pass (bank.example, mailer.example), "
            + "SPF pass (bounces.bank.example), DMARC pass" },
        { "forged From",
            Genuine with { Dkim = AuthResult.None, DkimDomains = [], Spf = AuthResult.Pass,
                SpfDomain = "evil.example", Dmarc = AuthResult.Fail,
                Problem = "no aligned SPF or DKIM pass" },
            "NOT authenticated: DMARC fail (no aligned SPF or DKIM pass) — bank.example: "
            + "DKIM none, SPF pass (evil.example)" },
        { "several From headers",
            Genuine with { FromDomain = "", Dmarc = AuthResult.Fail,
                Problem = "several From headers" },
            "NOT authenticated: DMARC fail (several From headers) — DKIM pass (bank.example), "
            + "SPF pass (bank.example)" },
        { "slow dns",
            Genuine with { Dkim = AuthResult.TempError, DkimDomains = [],
                Spf = AuthResult.TempError, Dmarc = AuthResult.TempError, Problem = "DNS failed" },
            "NOT verified (try reading later): DMARC temperror (DNS failed) — bank.example: "
            + "DKIM temperror, SPF temperror" },
        { "too large for dkim",
            Genuine with { Dkim = AuthResult.NotChecked, DkimDomains = [] },
            "bank.example — DKIM not checked (message too large), SPF pass, DMARC pass" },
        { "stored before checks existed", null, "not checked" },
        { "expected sender",
            Genuine with { Expectations = [new("a@recovery.example", true)] },
            "bank.example — DKIM pass, SPF pass, DMARC pass; expected sender for "
            + "a@recovery.example" },
        { "unexpected sender",
            Genuine with { Expectations = [new("a@recovery.example", false)] },
            "bank.example — DKIM pass, SPF pass, DMARC pass; NOT an expected, authenticated "
            + "sender for a@recovery.example" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verdict_reads_in_plain_words(string fault, SenderVerdict? verdict, string expected)
    {
        Assert.True(expected == SenderCheckText.Describe(verdict),
            $"{fault}: {SenderCheckText.Describe(verdict)}");
    }

    [Fact]
    public void Every_alert_carries_the_sender_check_line()
    {
        var checkedMessage = Samples.Message() with { Sender = Genuine };

        var withVerdict = AlertText.Render(checkedMessage, Samples.BoxHostname);
        var without = AlertText.Render(Samples.Message(), Samples.BoxHostname);

        Assert.Contains("\nSender check: bank.example — DKIM pass, SPF pass, DMARC pass\n",
            withVerdict.Body, StringComparison.Ordinal);
        Assert.Contains("\nSender check: not checked\n", without.Body, StringComparison.Ordinal);
    }
}
