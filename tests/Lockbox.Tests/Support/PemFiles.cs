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

    /// <summary>Writes a certificate for <paramref name="host"/> issued by a test intermediate
    /// CA (itself issued by a test root), followed by the intermediate in the same file, as a
    /// <c>fullchain.pem</c> is laid out; returns the leaf's and the intermediate's thumbprints.
    /// </summary>
    public static (string Leaf, string Intermediate) WriteChain(
        string certificatePath, string keyPath, string host)
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = Authority("CN=Lockbox Test Root", rootKey)
            .CreateSelfSigned(now.AddMinutes(-10), now.AddDays(3));
        using var middleKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var middlePublic = Authority("CN=Lockbox Test Intermediate", middleKey)
            .Create(root, now.AddMinutes(-10), now.AddDays(2), [4, 5, 6]);
        using var middle = middlePublic.CopyWithPrivateKey(middleKey);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        using var leaf = request.Create(middle, now.AddMinutes(-5), now.AddDays(1), [1, 2, 3]);

        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath,
            leaf.ExportCertificatePem() + "\n" + middle.ExportCertificatePem() + "\n");
        return (leaf.Thumbprint, middle.Thumbprint);
    }

    private static CertificateRequest Authority(string name, ECDsa key)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request;
    }
}
