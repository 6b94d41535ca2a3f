using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lockbox.Receiving.Tls;

/// <summary>Loads a certificate and its key from PEM files into a form SslStream can serve.
/// </summary>
public static class PemCertificate
{
    /// <summary>
    /// Reads both files. Throws <see cref="CryptographicException"/>
    /// when they hold no certificate, no key, or a key that does not match, and
    /// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when unreadable.
    /// </summary>
    public static X509Certificate2 Load(string certificatePath, string keyPath)
    {
        using var pem = Open(certificatePath, keyPath);

        // a PEM key is ephemeral; a PKCS#12 round trip gives the key handle the TLS stack
        // wants on every platform, once per load rather than per handshake
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>
    /// The certificate with its key, and what follows it in the certificate file (the
    /// intermediates of a <c>fullchain.pem</c>) as the chain sent to clients. Built once per
    /// load, so no handshake builds a chain.
    /// </summary>
    public static SslStreamCertificateContext LoadContext(string certificatePath, string keyPath)
    {
        var leaf = Load(certificatePath, keyPath);
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certificatePath);
        all[0].Dispose();
        all.RemoveAt(0);
        return SslStreamCertificateContext.Create(leaf, all, offline: true);
    }

    private static X509Certificate2 Open(string certificatePath, string keyPath)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (ArgumentException e)
        {
            // a key of another certificate is reported as a bad argument; callers expect
            // every problem with the files' contents as one exception type
            throw new CryptographicException("the key does not match the certificate", e);
        }
    }
}
