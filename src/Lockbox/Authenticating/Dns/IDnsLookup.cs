namespace Lockbox.Authenticating.Dns;

/// <summary>
/// The few DNS questions sender checks ask. Answers are data, never exceptions: a timeout or a
/// server failure is <see cref="DnsStatus.Failed"/>, which the checks turn into temperror.
/// </summary>
public interface IDnsLookup
{
    /// <summary>Asks for records of <paramref name="kind"/> at <paramref name="name"/>.</summary>
    /// <returns>TXT: each record's strings joined (RFC 7208 §3.3); A/AAAA: addresses in text;
    /// MX: exchange names; PTR: target names. Names carry no trailing dot.</returns>
    Task<DnsAnswer> QueryAsync(string name, DnsKind kind, CancellationToken cancellationToken);
}

/// <summary>The record types sender checks use.</summary>
public enum DnsKind
{
    Txt,
    A,
    Aaaa,
    Mx,
    /// <summary>PTR.</summary>
    ReverseName,
}

/// <summary>How a DNS question ended.</summary>
public enum DnsStatus
{
    /// <summary>At least one record of the type (NOERROR with answers).</summary>
    Found,

    /// <summary>The name exists without such records (NOERROR, no answers).</summary>
    NoRecords,

    /// <summary>NXDOMAIN.</summary>
    NameNotFound,

    /// <summary>SERVFAIL, REFUSED, timeout, unreachable or a malformed answer.</summary>
    Failed,
}

/// <summary>One DNS answer; <paramref name="Values"/> is empty unless the status is Found.
/// </summary>
public sealed record DnsAnswer(DnsStatus Status, IReadOnlyList<string> Values)
{
    public static readonly DnsAnswer NotFound = new(DnsStatus.NameNotFound, []);

    public static readonly DnsAnswer Empty = new(DnsStatus.NoRecords, []);

    public static readonly DnsAnswer Failure = new(DnsStatus.Failed, []);

    /// <summary>True for NXDOMAIN and NODATA, the "void" answers of RFC 7208 §4.6.4.</summary>
    public bool IsVoid => Status is DnsStatus.NameNotFound or DnsStatus.NoRecords;
}
