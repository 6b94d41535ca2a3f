using Lockbox.Authenticating.Dns;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Lockbox.Authenticating.Dkim;

/// <summary>
/// Finds DKIM public keys (RFC 6376 §3.6.2) at <c>selector._domainkey.domain</c> through
/// <see cref="IDnsLookup"/>. A missing, revoked or unreadable key is a
/// <see cref="DkimKeyException"/> the checker turns into permerror; a DNS failure into
/// temperror. Nothing else escapes.
/// </summary>
internal sealed class DkimKeyLocator(IDnsLookup dns) : DkimPublicKeyLocatorBase
{
    public override AsymmetricKeyParameter LocatePublicKey(
        string methods, string domain, string selector,
        CancellationToken cancellationToken = default)
    {
        // Lockbox verifies only asynchronously, so a blocking lookup is never wanted
        throw new NotSupportedException("DKIM keys are looked up asynchronously only");
    }

    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(
        string methods, string domain, string selector,
        CancellationToken cancellationToken = default)
    {
        var name = $"{selector}._domainkey.{domain}";
        if (!DomainNames.IsValid(name))
            throw new DkimKeyException(temporary: false);

        var answer = await dns.QueryAsync(name, DnsKind.Txt, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (answer.Status == DnsStatus.Failed)
            throw new DkimKeyException(temporary: true);

        // RFC 6376 §3.6.2.2: several records are ambiguous; the first readable one is used
        foreach (var record in answer.Values)
        {
            try
            {
                return GetPublicKey(record);
            }
            catch (Exception e) when (e is FormatException or ArgumentException
                or NotSupportedException or InvalidCastException or IOException)
            {
                // a revoked key (empty p=) or a record of something else: try the next
            }
        }

        throw new DkimKeyException(temporary: false);
    }
}

/// <summary>No usable key: temporary (DNS failed) or permanent (none, revoked, unreadable).
/// </summary>
internal sealed class DkimKeyException(bool temporary) : Exception
{
    public bool Temporary { get; } = temporary;
}
