using Lockbox.Authenticating.Dmarc;
using Lockbox.Authenticating.Dns;
using Lockbox.Configuration;
using Microsoft.Extensions.Logging;

namespace Lockbox.Authenticating;

/// <summary>Builds the <see cref="SenderAuthenticator"/> <c>serve</c> uses from the config.
/// </summary>
public static class SenderChecks
{
    /// <summary>One attempt at one question; with a retry it stays within the budget.</summary>
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);

    public static SenderAuthenticator Create(
        LockboxOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);

        var dns = new DnsClientLookup(options.Dns.Resolver, QueryTimeout);
        var settings = new SenderCheckSettings(
            SenderCheckSettings.DefaultBudget, options.Addresses, OrganizationalDomain.Load());
        return new SenderAuthenticator(dns, settings, time,
            loggers.CreateLogger<SenderAuthenticator>());
    }
}
