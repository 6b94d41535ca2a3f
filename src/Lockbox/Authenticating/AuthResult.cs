namespace Lockbox.Authenticating;

/// <summary>One outcome word for SPF, DKIM or DMARC, as RFC 8601 spells them.</summary>
public enum AuthResult
{
    /// <summary>Nothing to check: no record, no signature, no policy.</summary>
    None,
    Pass,
    Fail,
    SoftFail,
    Neutral,

    /// <summary>DNS failed or the time budget ran out; a later try may differ.</summary>
    TempError,

    /// <summary>The published record or signature is broken.</summary>
    PermError,

    /// <summary>Lockbox did not check (DKIM of a message past the in-memory limit).</summary>
    NotChecked,
}
