using System.Net;
using Lockbox.Authenticating;
using Lockbox.Authenticating.Dmarc;
using Lockbox.Authenticating.Dns;
using Lockbox.Configuration;
using Lockbox.Receiving;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lockbox.Tests.Authenticating;

/// <summary>
/// Senders on a fake DNS server: bank.example publishes SPF, DKIM keys and p=reject; a mailer
/// signs for itself; other domains each pin one DMARC case. Every sender connects from
/// <see cref="SenderIp"/> unless a test says otherwise.
/// </summary>
public sealed class SenderZone : IAsyncLifetime
{
    public const string SenderIp = "192.0.2.10";

    public FakeDnsServer Dns { get; } = FakeDnsServer.Start();

    public Task InitializeAsync()
    {
        const string Spf = "v=spf1 ip4:" + SenderIp + " -all";
        Dns.Txt("bank.example", Spf)
            .Txt("bounces.bank.example", Spf)
            .Txt("mta.bank.example", Spf)
            .Txt("_dmarc.bank.example", "v=DMARC1; p=reject; rua=mailto:d@bank.example")
            .Txt("sel1._domainkey.bank.example", TestSigners.RsaKeyRecord)
            .Txt("sel1._domainkey.mail.bank.example", TestSigners.RsaKeyRecord)
            .Txt("ed._domainkey.bank.example", TestSigners.Ed25519KeyRecord)
            .Txt("revoked._domainkey.bank.example", "v=DKIM1; k=rsa; p=")
            .Txt("_dmarc.strict.example", "v=DMARC1; p=reject; adkim=s; aspf=s")
            .Txt("bounces.strict.example", Spf)
            .Txt("sel1._domainkey.mail.strict.example", TestSigners.RsaKeyRecord)
            .Txt("sel1._domainkey.mailer.example", TestSigners.RsaKeyRecord)
            .Txt("bounce.mailer.example", Spf)
            .Txt("_dmarc.org.example", "v=DMARC1; p=reject; sp=quarantine")
            .Exists("sub.org.example")
            .Txt("nopolicy.example", Spf)
            .Txt("monitor.example", "v=spf1 -all")
            .Txt("_dmarc.monitor.example", "v=DMARC1; p=none")
            .Txt("dnsfail.example", Spf)
            .Fail("_dmarc.dnsfail.example")
            .Txt("evil.example", "v=spf1 ip4:198.51.100.66 -all");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Dns.DisposeAsync();

    public SenderAuthenticator Authenticator(
        IReadOnlyList<RecoveryAddress>? addresses = null, TimeProvider? time = null,
        FakeDnsServer? dns = null, Microsoft.Extensions.Logging.ILogger? logger = null) =>
        new(new DnsClientLookup(new IPEndPoint(IPAddress.Loopback, (dns ?? Dns).Port),
                TimeSpan.FromMinutes(1)),
            new SenderCheckSettings(SenderCheckSettings.DefaultBudget,
                addresses ?? [new RecoveryAddress(TestBox.RecoveryAddress)],
                OrganizationalDomain.FromRules(["example", "co.example"])),
            time ?? TimeProvider.System,
            logger ?? NullLogger.Instance);

    /// <summary>Checks wire bytes as the intake would after the final dot.</summary>
    public static async Task<SenderVerdict> CheckAsync(
        SenderAuthenticator authenticator, byte[] wire, string reversePath,
        string helo = "mta.bank.example", string client = SenderIp,
        int copyLimit = MessageCopy.DefaultLimit)
    {
        var capture = new HeaderCapture();
        capture.Append(wire);
        var copy = new MessageCopy(copyLimit);
        copy.Append(wire);
        var envelope = new Envelope(new IPEndPoint(IPAddress.Parse(client), 40000), helo,
            reversePath, [TestBox.RecoveryAddress], "ESMTP");
        return await authenticator.CheckAsync(
            "test-id", envelope, capture.Headers, copy, CancellationToken.None);
    }
}
