using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Lockbox.Authenticating.Dns;

/// <summary>
/// <see cref="IDnsLookup"/> over DnsClient: the name server from <c>[dns] resolver</c>, else the
/// system's. Each question is bounded by a short timeout; the caller's overall budget cancels
/// whatever is still waiting.
/// </summary>
public sealed class DnsClientLookup : IDnsLookup
{
    private readonly LookupClient _client;

    /// <param name="server">The resolver to ask; null for the system's name servers.</param>
    /// <param name="timeout">How long one attempt waits for an answer.</param>
    public DnsClientLookup(IPEndPoint? server, TimeSpan timeout)
    {
        var options = server is null ? new LookupClientOptions() : new LookupClientOptions(server);
        options.Timeout = timeout;
        options.Retries = 1;
        options.UseCache = true;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = false;
        options.UseTcpFallback = true;
        _client = new LookupClient(options);
    }

    public async Task<DnsAnswer> QueryAsync(
        string name, DnsKind kind, CancellationToken cancellationToken)
    {
        // RFC 6761 §6.3, §6.4: these never exist, and asking would only wait on the network
        if (IsSpecialUse(name))
            return DnsAnswer.NotFound;

        IDnsQueryResponse response;
        try
        {
            // WaitAsync: the overall budget ends the wait even if a socket read ignores it
            response = await _client.QueryAsync(name, ToQueryType(kind), QueryClass.IN,
                cancellationToken).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is DnsResponseException or ArgumentException
            or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            // unreachable server, timeout, or a name DnsClient refuses (too long a label)
            return DnsAnswer.Failure;
        }

        if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
        {
            return DnsAnswer.NotFound;
        }

        if (response.HasError)
        {
            return DnsAnswer.Failure;
        }

        var values = response.Answers.Select(record => ValueOf(record, kind))
            .OfType<string>().ToList();
        return values.Count == 0 ? DnsAnswer.Empty : new DnsAnswer(DnsStatus.Found, values);
    }

    private static bool IsSpecialUse(string name)
    {
        var trimmed = name.TrimEnd('.');
        return trimmed.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || trimmed.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("invalid", StringComparison.OrdinalIgnoreCase)
            || trimmed.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase);
    }

    private static QueryType ToQueryType(DnsKind kind) => kind switch
    {
        DnsKind.Txt => QueryType.TXT,
        DnsKind.A => QueryType.A,
        DnsKind.Aaaa => QueryType.AAAA,
        DnsKind.Mx => QueryType.MX,
        DnsKind.ReverseName => QueryType.PTR,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    // answers of another type (a CNAME on the way) are skipped: the chain ends in the real ones
    private static string? ValueOf(DnsResourceRecord record, DnsKind kind) => (record, kind) switch
    {
        (TxtRecord txt, DnsKind.Txt) => string.Concat(txt.Text),
        (ARecord a, DnsKind.A) => a.Address.ToString(),
        (AaaaRecord aaaa, DnsKind.Aaaa) => aaaa.Address.ToString(),
        (MxRecord mx, DnsKind.Mx) => mx.Exchange.Value.TrimEnd('.'),
        (PtrRecord ptr, DnsKind.ReverseName) => ptr.PtrDomainName.Value.TrimEnd('.'),
        _ => null,
    };
}
