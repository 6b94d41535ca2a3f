using Lockbox.Authenticating.Dkim;
using Lockbox.Authenticating.Dns;

using Lockbox.Authenticating.Spf;

namespace Lockbox.Authenticating.Dmarc;

/// <summary>What DMARC said.</summary>
/// <param name="Policy">The policy that applies to the From domain, when a record was found.
/// </param>
/// <param name="Problem">Why it did not pass, in plain words; null on pass.</param>
public sealed record DmarcOutcome(AuthResult Result, DmarcPolicy? Policy, string? Problem);

/// <summary>
/// DMARC (RFC 7489): the policy record at <c>_dmarc.</c> of the From domain, else of its
/// organizational domain (§6.6.3); a pass needs an SPF pass or a DKIM pass whose domain is
/// aligned with the From domain, strictly or relaxed as <c>aspf</c>/<c>adkim</c> say (§3.1).
/// </summary>
public sealed class DmarcChecker(IDnsLookup dns, OrganizationalDomain organizational)
{
    public async Task<DmarcOutcome> CheckAsync(
        AuthorDomain author, SpfOutcome spf, DkimOutcome dkim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(author);
        ArgumentNullException.ThrowIfNull(spf);
        ArgumentNullException.ThrowIfNull(dkim);

        if (author.Problem is not null)
            return new DmarcOutcome(AuthResult.Fail, null, author.Problem);

        var from = author.Domain;
        var orgDomain = organizational.Of(from);
        DmarcRecord? record;
        bool atOrganization;
        try
        {
            (record, atOrganization) = await FindRecordAsync(from, orgDomain, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return new DmarcOutcome(AuthResult.TempError, null, "DNS did not answer in time");
        }

        if (record is null)
        {
            return atOrganization
                ? new DmarcOutcome(AuthResult.TempError, null, "DNS failed")
                : new DmarcOutcome(AuthResult.None, null, "no DMARC policy");
        }

        // sp= applies to a subdomain that found its policy at the organizational domain
        var policy = atOrganization && from != orgDomain ? record.SubdomainPolicy : record.Policy;

        var dkimAligned = dkim.PassingDomains.Any(d => Aligned(d, from, record.StrictDkim));
        var spfAligned = spf.Result == AuthResult.Pass
            && Aligned(spf.Domain, from, record.StrictSpf);
        if (dkimAligned || spfAligned)
            return new DmarcOutcome(AuthResult.Pass, policy, null);

        // an unaligned result that may still change is not yet a failure
        if (dkim.Result == AuthResult.TempError || spf.Result == AuthResult.TempError)
            return new DmarcOutcome(AuthResult.TempError, policy, "DNS failed");

        return new DmarcOutcome(AuthResult.Fail, policy, "no aligned SPF or DKIM pass");
    }

    private bool Aligned(string domain, string from, bool strict) =>
        strict
            ? domain.Equals(from, StringComparison.OrdinalIgnoreCase)
            : organizational.Of(domain) == organizational.Of(from);

    /// <summary>The record and whether it came from the organizational domain. (null, true)
    /// means a DNS failure; (null, false) no record.</summary>
    private async Task<(DmarcRecord? Record, bool AtOrganization)> FindRecordAsync(
        string from, string orgDomain, CancellationToken cancellationToken)
    {
        var (record, failed) = await LookupAsync(from, cancellationToken);
        if (failed)
            return (null, true);
        if (record is not null || from == orgDomain)
            return (record, false);

        (record, failed) = await LookupAsync(orgDomain, cancellationToken);
        return failed ? (null, true) : record is null ? (null, false) : (record, true);
    }

    private async Task<(DmarcRecord? Record, bool Failed)> LookupAsync(
        string domain, CancellationToken cancellationToken)
    {
        var answer = await dns.QueryAsync("_dmarc." + domain, DnsKind.Txt, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (answer.Status == DnsStatus.Failed)
            return (null, true);

        // more than one record is as if none were published (RFC 7489 §6.6.3)
        var records = answer.Values.Where(DmarcRecord.IsDmarc).ToList();
        return (records.Count == 1 ? DmarcRecord.Parse(records[0]) : null, false);
    }
}
