using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lockbox.Tests.Receiving.Support;

/// <summary>A self-signed certificate for the test host, made once per test run.</summary>
public static class TestCertificate
{
    private static readonly Lazy<X509Certificate2> Instance = new(Create);

    private static readonly Lazy<SslStreamCertificateContext> ContextInstance =
        new(() => SslStreamCertificateContext.Create(Value, null, offline: true));

    public static X509Certificate2 Value => Instance.Value;

    /// <summary>What the server's options take: the certificate with its (empty) chain.</summary>
    public static SslStreamCertificateContext Context => ContextInstance.Value;

    /// <summary>Certificate validation for test clients: only this certificate is trusted.
    /// </summary>
    public static bool IsTestCertificate(X509Certificate? presented) =>
        presented is not null
        && presented.GetCertHashString() == Value.GetCertHashString();

    private static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(
            $"CN={TestServer.Hostname}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(TestServer.Hostname);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));

        // SslStream on Linux wants a certificate whose key came from a PKCS#12 import
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
