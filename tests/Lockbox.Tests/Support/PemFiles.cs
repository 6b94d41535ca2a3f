using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lockbox.Tests.Support;

/// <summary>Self-signed certificates written as PEM files, as an operator would deploy them.
/// </summary>
public static class PemFiles
{
    /// <summary>Writes <c>certificate</c> and <c>key</c> PEM files for <paramref name="host"/>
    /// and returns the SHA-1 thumbprint a client will see.</summary>
    public static string Write(string certificatePath, string keyPath, string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        return certificate.Thumbprint;
    }
}
