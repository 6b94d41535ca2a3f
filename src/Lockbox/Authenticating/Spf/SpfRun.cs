using System.Net;
using System.Net.Sockets;
using Lockbox.Authenticating.Dns;

namespace Lockbox.Authenticating.Spf;

/// <summary>One evaluation of <c>check_host()</c> with its shared limits: the DNS-term and
/// void-lookup counts run across includes and redirects, and an error anywhere ends it all.
/// </summary>
internal sealed class SpfRun(
    IDnsLookup dns, IPAddress ip, string sender, string helo, CancellationToken token)
{
    private const int MaxDnsTerms = 10;
    private const int MaxVoidLookups = 2;
    private const int MaxNamesPerMechanism = 10;

    private int _dnsTerms;
    private int _voids;

    public async Task<SpfResult> CheckHostAsync(string domain)
    {
        var txt = await dns.QueryAsync(domain, DnsKind.Txt, token);
        token.ThrowIfCancellationRequested();
        if (txt.Status == DnsStatus.Failed)
            return SpfResult.TempError;

        var records = txt.Values.Where(SpfRecord.IsSpf).ToList();
        if (records.Count == 0)
            return SpfResult.None;
        if (records.Count > 1)
            return SpfResult.PermError;

        var record = SpfRecord.Parse(records[0]);
        if (record is null)
            return SpfResult.PermError;

        var context = new SpfMacroContext(sender, domain, ip, helo);
        foreach (var directive in record.Directives)
        {
            if (await MatchAsync(directive, context))
                return directive.Qualifier;
        }

        if (record.Redirect is null)
            return SpfResult.Neutral;

        CountDnsTerm();
        var target = Target(record.Redirect, context);

        // a redirect to a domain without SPF is an error, not "none" (RFC 7208 §6.1)
        var redirected = await CheckHostAsync(target);
        return redirected == SpfResult.None ? SpfResult.PermError : redirected;
    }

    private async Task<bool> MatchAsync(SpfDirective directive, SpfMacroContext context)
    {
        if (directive.Mechanism is "ip4" or "ip6")
            return InNetwork(directive.Network!, directive);
        if (directive.Mechanism == "all")
            return true;

        CountDnsTerm();
        var target = directive.DomainSpec is null
            ? context.Domain
            : Target(directive.DomainSpec, context);

        return directive.Mechanism switch
        {
            "include" => await IncludeAsync(target),

            // always an A query, whatever the client's family (RFC 7208 §5.7)
            "exists" => (await QueryAsync(target, DnsKind.A)).Status == DnsStatus.Found,
            "a" => (await QueryAsync(target, AddressKind())).Values
                .Any(value => Matches(value, directive)),
            "mx" => await MxAsync(target, directive),
            _ => await PtrAsync(target),
        };
    }

    private async Task<bool> IncludeAsync(string target)
    {
        return await CheckHostAsync(target) switch
        {
            SpfResult.Pass => true,
            SpfResult.TempError => throw new SpfAbort(SpfResult.TempError),
            SpfResult.PermError or SpfResult.None => throw new SpfAbort(SpfResult.PermError),
            _ => false,
        };
    }

    private async Task<bool> MxAsync(string target, SpfDirective directive)
    {
        var exchanges = await QueryAsync(target, DnsKind.Mx);
        if (exchanges.Values.Count > MaxNamesPerMechanism)
            throw new SpfAbort(SpfResult.PermError);

        foreach (var exchange in exchanges.Values)
        {
            var answer = await QueryAsync(exchange, AddressKind());
            if (answer.Values.Any(value => Matches(value, directive)))
                return true;
        }

        return false;
    }

    private async Task<bool> PtrAsync(string target)
    {
        var names = await QueryAsync(ReverseName(), DnsKind.ReverseName);

        // errors while validating names only drop that name (RFC 7208 §5.5)
        foreach (var name in names.Values.Take(MaxNamesPerMechanism))
        {
            var answer = await dns.QueryAsync(name, AddressKind(), token);
            token.ThrowIfCancellationRequested();
            var validated = answer.Values.Any(value =>
                IPAddress.TryParse(value, out var address) && address.Equals(ip));
            if (validated && (name.Equals(target, StringComparison.OrdinalIgnoreCase)
                || name.EndsWith("." + target, StringComparison.OrdinalIgnoreCase)))
                return true;
        }

        return false;
    }

    /// <summary>A query of a mechanism: a failure is temperror; past two void answers
    /// (NXDOMAIN or no records) the record is a permerror (RFC 7208 §4.6.4).</summary>
    private async Task<DnsAnswer> QueryAsync(string name, DnsKind kind)
    {
        var answer = await dns.QueryAsync(name, kind, token);
        token.ThrowIfCancellationRequested();
        if (answer.Status == DnsStatus.Failed)
            throw new SpfAbort(SpfResult.TempError);
        if (answer.IsVoid && ++_voids > MaxVoidLookups)
            throw new SpfAbort(SpfResult.PermError);
        return answer;
    }

    private void CountDnsTerm()
    {
        if (++_dnsTerms > MaxDnsTerms)
            throw new SpfAbort(SpfResult.PermError);
    }

    private static string Target(string spec, SpfMacroContext context)
    {
        var expanded = SpfMacro.Expand(spec, context);
        return expanded is not null && DomainNames.IsValid(expanded)
            ? expanded.TrimEnd('.')
            : throw new SpfAbort(SpfResult.PermError);
    }

    private DnsKind AddressKind() =>
        ip.AddressFamily == AddressFamily.InterNetwork ? DnsKind.A : DnsKind.Aaaa;

    private bool Matches(string value, SpfDirective directive) =>
        IPAddress.TryParse(value, out var address) && InNetwork(address, directive);

    private bool InNetwork(IPAddress network, SpfDirective directive)
    {
        if (network.AddressFamily != ip.AddressFamily)
            return false;

        var prefix = ip.AddressFamily == AddressFamily.InterNetwork
            ? directive.Cidr4
            : directive.Cidr6;
        return new IPNetwork(Mask(network, prefix), prefix).Contains(ip);
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        return new IPAddress(bytes);
    }

    private string ReverseName() => ip.AddressFamily == AddressFamily.InterNetwork
        ? string.Join('.', ip.GetAddressBytes().Reverse()) + ".in-addr.arpa"
        : string.Join('.', SpfMacro.DottedAddress(ip).Split('.').Reverse()) + ".ip6.arpa";

    /// <summary>Ends the whole evaluation with an error result, from however deep an include.
    /// </summary>
    internal sealed class SpfAbort(SpfResult result) : Exception
    {
        public SpfResult Result { get; } = result;
    }
}
