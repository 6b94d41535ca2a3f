using Lockbox.Authenticating.Dmarc;

namespace Lockbox.Authenticating;

/// <summary>
/// What the sender checks found, kept with the message's summary in the index and shown in
/// every alert. Domains here are DNS names the checks used, never addresses or other text.
/// </summary>
/// <param name="FromDomain">The From header's domain; empty when there is none usable.</param>
/// <param name="DkimDomains">d= of the signatures that verified.</param>
/// <param name="SpfDomain">The domain SPF checked (MAIL FROM's, or HELO for &lt;&gt;).</param>
/// <param name="Policy">The DMARC policy the From domain publishes, if any.</param>
/// <param name="Problem">Why DMARC did not pass, in plain words.</param>
/// <param name="Expectations">For recovery addresses with <c>expect</c>: whether this
/// message comes from an expected, authenticated sender.</param>
public sealed record SenderVerdict(
    string FromDomain,
    AuthResult Dkim,
    IReadOnlyList<string> DkimDomains,
    AuthResult Spf,
    string SpfDomain,
    AuthResult Dmarc,
    DmarcPolicy? Policy,
    string? Problem,
    IReadOnlyList<SenderExpectation> Expectations)
{
    /// <summary>DMARC passed: the From domain is vouched for by an aligned SPF or DKIM pass.
    /// </summary>
    public bool IsAuthenticated => Dmarc == AuthResult.Pass;
}

/// <summary>One recovery address's <c>expect</c> list held against the verdict.</summary>
/// <param name="Recipient">The recovery address (as configured).</param>
/// <param name="Expected">True when DMARC passed for a From domain that is, or is below, one
/// of the expected domains.</param>
public sealed record SenderExpectation(string Recipient, bool Expected);
