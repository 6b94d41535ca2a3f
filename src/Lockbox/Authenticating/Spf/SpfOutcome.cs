namespace Lockbox.Authenticating.Spf;

/// <summary>What SPF said, and about which domain: the MAIL FROM domain, or the HELO name
/// for a null reverse path (RFC 7208 §2.4) — the domain DMARC aligns (RFC 7489 §3.1.2).
/// </summary>
public sealed record SpfOutcome(AuthResult Result, string Domain)
{
    public static AuthResult ToAuthResult(SpfResult result) => result switch
    {
        SpfResult.Pass => AuthResult.Pass,
        SpfResult.Fail => AuthResult.Fail,
        SpfResult.SoftFail => AuthResult.SoftFail,
        SpfResult.Neutral => AuthResult.Neutral,
        SpfResult.TempError => AuthResult.TempError,
        SpfResult.PermError => AuthResult.PermError,
        _ => AuthResult.None,
    };
}
