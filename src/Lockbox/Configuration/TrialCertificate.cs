using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lockbox.Configuration;

/// <summary>
/// The trial's STARTTLS certificate: self-signed for <c>localhost</c>, made once under the
/// trial folder so that the trial offers STARTTLS like a real box. Clients must be told to
/// trust it (or not to verify); a real box names its own certificate in <c>[smtp.tls]</c>.
/// </summary>
public static class TrialCertificate
{
    /// <summary>The paths the trial config names, relative to the trial folder.</summary>
    public const string CertificateFile = "tls/certificate.pem";

    public const string KeyFile = "tls/key.pem";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(825);

    /// <summary>Writes a fresh pair unless both files exist. The key is readable by the owner
    /// only.</summary>
    public static void Ensure(string trialFolder, TimeProvider time)
    {
        var certificatePath = Path.Combine(trialFolder, CertificateFile);
        var keyPath = Path.Combine(trialFolder, KeyFile);
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(certificatePath)!);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // id-kp-serverAuth
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now + Lifetime);

        // key first: a certificate without its key would be a pair that never loads
        WriteOwnerOnly(keyPath, key.ExportPkcs8PrivateKeyPem());
        WriteOwnerOnly(certificatePath, certificate.ExportCertificatePem() + "\n");
    }

    private static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
