using System.Net;
using Lockbox.Authenticating.Dns;

namespace Lockbox.Authenticating.Spf;

/// <summary>
/// <c>check_host()</c> of RFC 7208 over <see cref="IDnsLookup"/>, with its limits: at most 10
/// terms that query DNS (include, a, mx, ptr, exists, redirect) in the whole evaluation, at most
/// 2 void lookups, at most 10 MX or PTR names per mechanism. A DNS failure is temperror; the
/// caller's cancellation is temperror too, so a slow resolver never holds the sender.
/// </summary>
public sealed class SpfEvaluator(IDnsLookup dns)
{
    /// <summary>Checks <paramref name="sender"/> (<c>local@domain</c>; for a null reverse path
    /// <c>postmaster@HELO</c>) sending from <paramref name="client"/>.</summary>
    public async Task<SpfResult> CheckAsync(
        IPAddress client, string sender, string helo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(sender);

        var ip = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        var at = sender.LastIndexOf('@');
        var domain = at < 0 ? sender : sender[(at + 1)..];
        if (at == 0)
            sender = "postmaster" + sender;
        else if (at < 0)
            sender = "postmaster@" + sender;

        if (!DomainNames.IsValid(domain))
            return SpfResult.None;

        var run = new SpfRun(dns, ip, sender, helo ?? "", cancellationToken);
        try
        {
            return await run.CheckHostAsync(domain.TrimEnd('.'));
        }
        catch (SpfRun.SpfAbort abort)
        {
            return abort.Result;
        }
        catch (OperationCanceledException)
        {
            return SpfResult.TempError;
        }
    }
}
