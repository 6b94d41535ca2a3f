namespace Lockbox.Authenticating.Spf;

/// <summary>The results of <c>check_host()</c>, RFC 7208 §2.6.</summary>
public enum SpfResult
{
    None,
    Neutral,
    Pass,
    Fail,
    SoftFail,
    TempError,
    PermError,
}
