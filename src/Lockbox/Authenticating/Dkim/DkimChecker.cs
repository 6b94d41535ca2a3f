using Lockbox.Authenticating.Dns;
using MimeKit;
using MimeKit.Cryptography;

namespace Lockbox.Authenticating.Dkim;

/// <summary>What DKIM said about one message.</summary>
/// <param name="Result">Pass when any signature verifies; else the most telling failure.</param>
/// <param name="PassingDomains">d= of every signature that verified, lower case.</param>
public sealed record DkimOutcome(AuthResult Result, IReadOnlyList<string> PassingDomains)
{
    public static readonly DkimOutcome NotChecked = new(AuthResult.NotChecked, []);
}

/// <summary>
/// Verifies every DKIM-Signature of a message (RFC 6376) with MimeKit's
/// <see cref="DkimVerifier"/>, keys found over <see cref="IDnsLookup"/>. rsa-sha1 is refused
/// (RFC 8301); ed25519-sha256 is accepted (RFC 8463).
/// </summary>
public sealed class DkimChecker(IDnsLookup dns)
{
    /// <summary>More signatures than this are not verified: each costs DNS and hashing.</summary>
    public const int MaxSignatures = 8;

    public async Task<DkimOutcome> CheckAsync(
        MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        var signatures = message.Headers.Where(h => h.Id == HeaderId.DkimSignature)
            .Take(MaxSignatures).ToList();
        if (signatures.Count == 0)
            return new DkimOutcome(AuthResult.None, []);

        var verifier = new DkimVerifier(new DkimKeyLocator(dns));
        verifier.Disable(DkimSignatureAlgorithm.RsaSha1);
        verifier.Enable(DkimSignatureAlgorithm.Ed25519Sha256);

        var results = new List<AuthResult>();
        var passing = new List<string>();
        foreach (var signature in signatures)
        {
            var tags = DkimSignatureTags.Parse(signature.Value);
            var result = tags is null || !tags.IsAcceptable()
                ? AuthResult.PermError
                : await VerifyOneAsync(verifier, message, signature, cancellationToken);
            results.Add(result);
            if (result == AuthResult.Pass)
                passing.Add(tags!.Domain);
        }

        // any pass is a pass; else a temporary error says more than a failure
        var overall = passing.Count > 0 ? AuthResult.Pass
            : results.Contains(AuthResult.TempError) ? AuthResult.TempError
            : results.Contains(AuthResult.Fail) ? AuthResult.Fail
            : AuthResult.PermError;
        return new DkimOutcome(overall, passing.Distinct().ToList());
    }

    private static async Task<AuthResult> VerifyOneAsync(
        DkimVerifier verifier, MimeMessage message, Header signature,
        CancellationToken cancellationToken)
    {
        try
        {
            return await verifier.VerifyAsync(message, signature, cancellationToken)
                ? AuthResult.Pass
                : AuthResult.Fail;
        }
        catch (DkimKeyException e)
        {
            return e.Temporary ? AuthResult.TempError : AuthResult.PermError;
        }
        catch (OperationCanceledException)
        {
            return AuthResult.TempError;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException
            or ArgumentException or InvalidOperationException
            or Org.BouncyCastle.Crypto.CryptoException)
        {
            // a malformed signature header or a disabled algorithm (rsa-sha1)
            return AuthResult.PermError;
        }
    }
}
