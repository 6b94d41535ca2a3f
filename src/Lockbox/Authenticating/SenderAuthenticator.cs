using Lockbox.Authenticating.Dkim;
using Lockbox.Authenticating.Dmarc;
using Lockbox.Authenticating.Dns;
using Lockbox.Authenticating.Spf;
using Lockbox.Configuration;
using Lockbox.Receiving;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Lockbox.Authenticating;

/// <summary>
/// Runs SPF, DKIM and DMARC for one received message, after its final dot and before its index
/// row is written, within <see cref="SenderCheckSettings.Budget"/>: whatever DNS has not
/// answered by then is temperror, so a slow resolver delays the 250 by at most the budget and
/// never costs the message.
/// </summary>
public sealed class SenderAuthenticator
{
    private readonly SpfEvaluator _spf;
    private readonly DkimChecker _dkim;
    private readonly DmarcChecker _dmarc;
    private readonly SenderCheckSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SenderAuthenticator(
        IDnsLookup dns, SenderCheckSettings settings, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _spf = new SpfEvaluator(dns);
        _dkim = new DkimChecker(dns);
        _dmarc = new DmarcChecker(dns, settings.Organizational);
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <summary>Checks a message. Never throws for anything the message or DNS does; only the
    /// caller's own cancellation escapes.</summary>
    public async Task<SenderVerdict> CheckAsync(
        string messageId, Envelope envelope, ReadOnlyMemory<byte> headerSection, MessageCopy copy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(copy);

        var started = _time.GetTimestamp();
        using var budget = new CancellationTokenSource(_settings.Budget, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken, budget.Token);
        var token = linked.Token;

        var spfTask = CheckSpfAsync(envelope, token);
        var dkimTask = copy.TooLarge
            ? Task.FromResult(DkimOutcome.NotChecked)
            : CheckDkimAsync(copy, token);
        var author = AuthorDomain.FromHeaderSection(headerSection);
        var spf = await spfTask;
        var dkim = await dkimTask;
        var dmarc = await _dmarc.CheckAsync(author, spf, dkim, token);
        cancellationToken.ThrowIfCancellationRequested();

        var verdict = new SenderVerdict(author.Domain, dkim.Result, dkim.PassingDomains,
            spf.Result, spf.Domain, dmarc.Result, dmarc.Policy, dmarc.Problem,
            Expectations(envelope, author.Domain, dmarc.Result));

        // outcomes only: no domain or address from the message reaches the log
        _logger.LogInformation(
            "Sender check of message {MessageId}: SPF {Spf}, DKIM {Dkim}, DMARC {Dmarc} "
            + "in {Milliseconds} ms", messageId, verdict.Spf, verdict.Dkim, verdict.Dmarc,
            (long)_time.GetElapsedTime(started).TotalMilliseconds);
        return verdict;
    }

    private async Task<SpfOutcome> CheckSpfAsync(Envelope envelope, CancellationToken token)
    {
        // the null reverse path (bounces) is checked by its HELO name (RFC 7208 §2.4)
        var identity = envelope.ReversePath.Length > 0
            ? envelope.ReversePath
            : "postmaster@" + envelope.HeloName;
        var domain = DomainNames.DomainOf(identity);
        var result = await _spf.CheckAsync(
            envelope.Client.Address, identity, envelope.HeloName, token);
        return new SpfOutcome(SpfOutcome.ToAuthResult(result), domain);
    }

    private async Task<DkimOutcome> CheckDkimAsync(MessageCopy copy, CancellationToken token)
    {
        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(copy.Bytes.ToArray(), writable: false);
            message = await MimeMessage.LoadAsync(stream, token);
        }
        catch (FormatException)
        {
            return new DkimOutcome(AuthResult.None, []);
        }
        catch (OperationCanceledException)
        {
            return new DkimOutcome(AuthResult.TempError, []);
        }

        using (message)
        {
            return await _dkim.CheckAsync(message, token);
        }
    }

    private List<SenderExpectation> Expectations(
        Envelope envelope, string fromDomain, AuthResult dmarc)
    {
        var expectations = new List<SenderExpectation>();
        foreach (var recipient in envelope.Recipients)
        {
            var expect = _settings.ExpectFor(recipient);
            if (expect.Count == 0)
                continue;

            var expected = dmarc == AuthResult.Pass
                && expect.Any(domain => DomainNames.IsSameOrSubdomain(fromDomain, domain));
            expectations.Add(new SenderExpectation(recipient, expected));
        }

        return expectations;
    }
}

/// <summary>What the sender checks take from the configuration.</summary>
/// <param name="Budget">The longest the checks of one message may take.</param>
/// <param name="Addresses">The recovery addresses, with their <c>expect</c> lists.</param>
/// <param name="Organizational">Finds organizational domains for DMARC.</param>
public sealed record SenderCheckSettings(
    TimeSpan Budget, IReadOnlyList<RecoveryAddress> Addresses, OrganizationalDomain Organizational)
{
    /// <summary>Long enough for a few round trips to a distant resolver; short enough that
    /// the sender's own DATA timeout (10 minutes, RFC 5321 §4.5.3.2.6) is far off.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(5);

    /// <summary>The expected sender domains of a (normalised) recovery address.</summary>
    public IReadOnlyList<string> ExpectFor(string recipient)
    {
        var domain = DomainNames.DomainOf(recipient);
        foreach (var address in Addresses)
        {
            var wildcard = address.Email.StartsWith("*@", StringComparison.Ordinal)
                && DomainNames.DomainOf(address.Email) == domain;
            if (wildcard || address.Email.Equals(recipient, StringComparison.OrdinalIgnoreCase))
                return address.Expect ?? [];
        }

        return [];
    }
}
