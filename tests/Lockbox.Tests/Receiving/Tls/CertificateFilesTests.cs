using System.Security.Authentication;
using Lockbox.Receiving.Tls;
using Lockbox.Tests.Receiving.Support;
using Microsoft.Extensions.Time.Testing;

namespace Lockbox.Tests.Receiving.Tls;

public sealed class CertificateFilesTests : IDisposable
{
    private readonly TempFolder folder = new();
    private int touches;

    public void Dispose() => folder.Dispose();

    private string CertificatePath => folder.Combine("cert.pem");

    private string KeyPath => folder.Combine("key.pem");

    [Fact]
    public async Task Renewed_files_are_served_from_the_next_session_on()
    {
        var first = PemFiles.Write(CertificatePath, KeyPath, TestServer.Hostname);
        var time = new FakeTimeProvider();
        var files = new CertificateFiles(
            CertificatePath, KeyPath, new CapturingLogger<CertificateFiles>(), time);
        await using var server = await TestServer.StartAsync(
            o => o with { TlsCertificate = files.Current });

        Assert.Equal(first, await HandshakeThumbprintAsync(server));

        var second = PemFiles.Write(CertificatePath, KeyPath, TestServer.Hostname);
        TouchForward();

        // within the check interval the files are not looked at again; after it they are
        Assert.Equal(first, await HandshakeThumbprintAsync(server));
        time.Advance(CertificateFiles.CheckInterval);
        Assert.NotEqual(first, second);
        Assert.Equal(second, await HandshakeThumbprintAsync(server));
    }

    [Fact]
    public void Half_written_renewal_keeps_the_previous_certificate_until_whole()
    {
        var first = PemFiles.Write(CertificatePath, KeyPath, TestServer.Hostname);
        var logger = new CapturingLogger<CertificateFiles>();
        var time = new FakeTimeProvider();
        var files = new CertificateFiles(CertificatePath, KeyPath, logger, time);
        Assert.Equal(first, files.Current()!.TargetCertificate.Thumbprint);

        // a renewal tool has written the new key but not yet the new certificate
        var keyOnly = folder.Combine("next");
        Directory.CreateDirectory(keyOnly);
        var second = PemFiles.Write(
            Path.Combine(keyOnly, "cert.pem"), Path.Combine(keyOnly, "key.pem"), "x.example");
        File.Copy(Path.Combine(keyOnly, "key.pem"), KeyPath, overwrite: true);
        TouchForward();
        time.Advance(CertificateFiles.CheckInterval);

        Assert.Equal(first, files.Current()!.TargetCertificate.Thumbprint);
        time.Advance(CertificateFiles.CheckInterval);
        Assert.Equal(first, files.Current()!.TargetCertificate.Thumbprint);
        Assert.Single(logger.Lines, line => line.Contains("could not be loaded"));

        File.Copy(Path.Combine(keyOnly, "cert.pem"), CertificatePath, overwrite: true);
        TouchForward();
        time.Advance(CertificateFiles.CheckInterval);

        Assert.Equal(second, files.Current()!.TargetCertificate.Thumbprint);
        Assert.DoesNotContain(logger.Lines, line => line.Contains("PRIVATE KEY"));
    }

    [Fact]
    public async Task Chain_after_the_certificate_in_its_file_is_sent_to_clients()
    {
        var (leaf, intermediate) =
            PemFiles.WriteChain(CertificatePath, KeyPath, TestServer.Hostname);
        var files = new CertificateFiles(
            CertificatePath, KeyPath, new CapturingLogger<CertificateFiles>());
        await using var server = await TestServer.StartAsync(
            o => o with { TlsCertificate = files.Current });
        await using var client = await server.ConnectAndGreetAsync();
        await client.CommandAsync("STARTTLS", "220 2.0.0");
        var sent = new List<string>();

        using var presented = await client.StartTlsAsync(trustAny: true, sentChain: sent);

        Assert.Equal(leaf, presented.Thumbprint);
        Assert.Contains(intermediate, sent);
    }

    [Fact]
    public void Missing_files_give_no_certificate_so_starttls_is_not_offered()
    {
        var files = new CertificateFiles(CertificatePath, KeyPath,
            new CapturingLogger<CertificateFiles>());

        Assert.Null(files.Current());
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Tls_1_2_and_1_3_are_accepted(SslProtocols protocol)
    {
        await using var server = await TestServer.StartAsync(
            o => o with { TlsCertificate = () => TestCertificate.Context });
        await using var client = await server.ConnectAndGreetAsync();
        await client.CommandAsync("STARTTLS", "220 2.0.0");

        await client.StartTlsAsync(protocol);

        Assert.Equal(protocol, client.TlsProtocol);
        var ehlo = await client.CommandAsync("EHLO client.example", "250 ");
        Assert.DoesNotContain(ehlo, line => line.Contains("AUTH", StringComparison.Ordinal));
    }

#pragma warning disable SYSLIB0039, CA5397 // the old protocols are named to prove they are refused
    [Theory]
    [InlineData(SslProtocols.Tls11)]
    [InlineData(SslProtocols.Tls)]
    public async Task Tls_before_1_2_is_refused(SslProtocols protocol)
#pragma warning restore SYSLIB0039, CA5397
    {
        await using var server = await TestServer.StartAsync(
            o => o with { TlsCertificate = () => TestCertificate.Context });
        await using var client = await server.ConnectAndGreetAsync();
        await client.CommandAsync("STARTTLS", "220 2.0.0");

        var failed = await Record.ExceptionAsync(() => client.StartTlsAsync(protocol));

        Assert.True(failed is AuthenticationException or IOException, failed?.ToString());
    }

    private static async Task<string> HandshakeThumbprintAsync(TestServer server)
    {
        await using var client = await server.ConnectAndGreetAsync();
        await client.CommandAsync("STARTTLS", "220 2.0.0");
        using var presented = await client.StartTlsAsync(trustAny: true);
        await client.CommandAsync("EHLO client.example", "250 ");
        return presented.Thumbprint;
    }

    // file systems with coarse timestamps could give a rewrite the same time as the original
    private void TouchForward()
    {
        var later = DateTime.UtcNow.AddMinutes(++touches);
        File.SetLastWriteTimeUtc(CertificatePath, later);
        File.SetLastWriteTimeUtc(KeyPath, later);
    }
}
