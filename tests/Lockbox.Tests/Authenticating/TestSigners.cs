using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Lockbox.Tests.Authenticating;

/// <summary>Key pairs made once per test run, and their DKIM key records (RFC 6376 §3.6.1,
/// RFC 8463 §4.2 for ed25519).</summary>
public static class TestSigners
{
    private static readonly Lazy<AsymmetricCipherKeyPair> Rsa = new(() =>
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new KeyGenerationParameters(new SecureRandom(), 2048));
        return generator.GenerateKeyPair();
    });

    private static readonly Lazy<AsymmetricCipherKeyPair> Ed25519 = new(() =>
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        return generator.GenerateKeyPair();
    });

    public static string RsaKeyRecord => "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(
        SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(Rsa.Value.Public).GetDerEncoded());

    public static string Ed25519KeyRecord => "v=DKIM1; k=ed25519; p=" + Convert.ToBase64String(
        ((Ed25519PublicKeyParameters)Ed25519.Value.Public).GetEncoded());

    public static DkimSigner RsaSigner(
        string domain, string selector,
        DkimSignatureAlgorithm algorithm = DkimSignatureAlgorithm.RsaSha256) =>
        new(Rsa.Value.Private, domain, selector, algorithm)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };

    public static DkimSigner Ed25519Signer(string domain, string selector) =>
        new(Ed25519.Value.Private, domain, selector, DkimSignatureAlgorithm.Ed25519Sha256);

    /// <summary>A plain message as a sender builds it.</summary>
    public static MimeMessage Message(string from, string text = "Your reset code is 123456.")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("lastpass-7f3k@recovery.example"));
        message.Subject = "Reset your password";
        message.MessageId = "test@sender.example";
        message.Date = new DateTimeOffset(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);
        message.Body = new TextPart("plain") { Text = text + "\r\n" };
        return message;
    }

    /// <summary>Signs with each signer (the last one ends on top, as relays add them).</summary>
    public static MimeMessage Sign(MimeMessage message, params DkimSigner[] signers)
    {
        foreach (var signer in signers)
            signer.Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date]);
        return message;
    }

    /// <summary>The message bytes on the wire: CRLF line ends.</summary>
    public static byte[] Wire(MimeMessage message)
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        message.WriteTo(options, stream);
        return stream.ToArray();
    }
}
