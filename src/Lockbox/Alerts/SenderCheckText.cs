using System.Text;
using Lockbox.Authenticating;
using Lockbox.Summarizing;

namespace Lockbox.Alerts;

/// <summary>
/// The sender check in plain words for an alert: one line such as
/// <c>bank.example — DKIM pass, SPF pass, DMARC pass</c> or
/// <c>NOT authenticated: DMARC fail (no aligned SPF or DKIM pass) — evil.example: DKIM none,
/// SPF fail</c>, followed, for recovery addresses with <c>expect</c>, by whether this is an
/// expected, authenticated sender.
/// </summary>
public static class SenderCheckText
{
    /// <summary>The label the alert body shows before <see cref="Describe"/>.</summary>
    public const string Label = "Sender check";

    private const int MaxDomainLength = 100;

    /// <summary>The line for <paramref name="verdict"/>; "not checked" when null.</summary>
    public static string Describe(SenderVerdict? verdict)
    {
        if (verdict is null)
            return "not checked";

        var from = verdict.FromDomain.Length > 0 ? Domain(verdict.FromDomain) : "";
        var checks = $"DKIM {Dkim(verdict)}, SPF {Spf(verdict)}";
        var line = new StringBuilder();
        if (verdict.IsAuthenticated)
        {
            line.Append(from).Append(" — ").Append(checks).Append(", DMARC pass");
        }
        else
        {
            var lead = verdict.Dmarc == AuthResult.TempError
                ? "NOT verified (try reading later)"
                : "NOT authenticated";
            line.Append(lead).Append(": DMARC ").Append(Word(verdict.Dmarc));
            if (verdict.Problem is not null)
                line.Append(" (").Append(OneLine.Clean(verdict.Problem, 60)).Append(')');
            line.Append(" — ");
            if (from.Length > 0)
                line.Append(from).Append(": ");
            line.Append(checks);
        }

        foreach (var expectation in verdict.Expectations)
        {
            var recipient = OneLine.Clean(expectation.Recipient, 200);
            line.Append(expectation.Expected
                ? $"; expected sender for {recipient}"
                : $"; NOT an expected, authenticated sender for {recipient}");
        }

        return line.ToString();
    }

    private static string Dkim(SenderVerdict verdict)
    {
        if (verdict.Dkim == AuthResult.NotChecked)
            return "not checked (message too large)";

        // name the signer when it is not the From domain itself
        var others = verdict.DkimDomains.Where(d => d != verdict.FromDomain).ToList();
        return others.Count == 0 || verdict.Dkim != AuthResult.Pass
            ? Word(verdict.Dkim)
            : $"pass ({string.Join(", ", verdict.DkimDomains.Select(Domain))})";
    }

    private static string Spf(SenderVerdict verdict) =>
        verdict.SpfDomain.Length == 0 || verdict.SpfDomain == verdict.FromDomain
            ? Word(verdict.Spf)
            : $"{Word(verdict.Spf)} ({Domain(verdict.SpfDomain)})";

    private static string Domain(string domain) => OneLine.Clean(domain, MaxDomainLength);

    /// <summary>RFC 8601's spelling of a result.</summary>
    public static string Word(AuthResult result) => result switch
    {
        AuthResult.Pass => "pass",
        AuthResult.Fail => "fail",
        AuthResult.SoftFail => "softfail",
        AuthResult.Neutral => "neutral",
        AuthResult.TempError => "temperror",
        AuthResult.PermError => "permerror",
        AuthResult.NotChecked => "not checked",
        _ => "none",
    };
}
