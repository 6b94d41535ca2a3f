using System.Globalization;
using System.Text;

namespace Lockbox.Tests.EndToEnd;

/// <summary>
/// Real SMTP clients other than MailKit against the real server with STARTTLS configured from
/// PEM files: swaks (a Perl tool used to test MTAs) and Python's smtplib.
/// </summary>
public sealed class RealClientTests
{
    private const string TlsTable = """
        [smtp.tls]
        certificate = "tls/certificate.pem"
        key = "tls/key.pem"
        """;

    private const string Python = """
        import smtplib, ssl, sys
        host, port, mode, rcpt, subject = sys.argv[1:6]
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        headers = f"From: py@sender.example\r\nTo: {rcpt}\r\nSubject: {subject}\r\n"
        message = headers + "\r\n.dot line\r\nbody\r\n"
        with smtplib.SMTP(host, int(port), timeout=30) as smtp:
            smtp.ehlo("python.example")
            if mode == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo("python.example")
                print("tls", smtp.sock.version())
            print("auth offered:", smtp.has_extn("auth"))
            try:
                smtp.sendmail("py@sender.example", [rcpt], message)
                print("sent")
            except smtplib.SMTPRecipientsRefused as refused:
                code, text = refused.recipients[rcpt]
                print("refused", code, text.decode())
        """;

    [Theory]
    [InlineData("plain", "with ESMTP id")]
    [InlineData("starttls", "with ESMTPS id")]
    public async Task Python_smtplib_delivers_with_and_without_starttls(
        string mode, string trace)
    {
        using var box = await StartBoxAsync();
        await using var server = box.Box.StartServe();
        var port = await server.WaitForListeningPortAsync();

        var result = await RunPythonAsync(port, mode, TestBox.RecoveryAddress, $"python {mode}");

        Assert.True(result.ExitCode == 0, result.StderrText);
        Assert.Contains("sent", result.Stdout);
        Assert.Contains("auth offered: False", result.Stdout);
        if (mode == "starttls")
        {
            Assert.Contains(result.Stdout, line => line is "tls TLSv1.3" or "tls TLSv1.2");
        }

        var raw = await ReadOnlyMessageAsync(box.Box, $"python {mode}");
        Assert.Contains(trace, raw, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n.dot line\r\nbody\r\n", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Python_smtplib_relay_attempt_is_refused_with_554()
    {
        using var box = await StartBoxAsync();
        await using var server = box.Box.StartServe();
        var port = await server.WaitForListeningPortAsync();

        var result = await RunPythonAsync(port, "starttls", "victim@elsewhere.example", "relay");

        Assert.Contains(result.Stdout,
            line => line.StartsWith("refused 554 5.7.1", StringComparison.Ordinal));
        Assert.Empty((await box.Box.RunAsync(null, "list")).Stdout);
    }

    [Theory]
    [InlineData("plain", new string[0], "with ESMTP id")]
    [InlineData("starttls", new[] { "--tls" }, "with ESMTPS id")]
    [InlineData("pipelined", new[] { "--pipeline" }, "with ESMTP id")]
    [InlineData("pipelined starttls", new[] { "--tls", "--pipeline" }, "with ESMTPS id")]
    public async Task Swaks_delivers(string fault, string[] options, string trace)
    {
        using var box = await StartBoxAsync();
        await using var server = box.Box.StartServe();
        var port = await server.WaitForListeningPortAsync();

        var result = await RunSwaksAsync(port, TestBox.RecoveryAddress, $"swaks {fault}", options);

        Assert.True(result.ExitCode == 0, result.StdoutText);
        Assert.DoesNotContain(result.Stdout,
            line => line.Contains("AUTH", StringComparison.Ordinal));
        var raw = await ReadOnlyMessageAsync(box.Box, $"swaks {fault}");
        Assert.Contains(trace, raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("percent hack", "victim%elsewhere.example@recovery.example", "550 5.1.1")]
    [InlineData("foreign domain", "victim@elsewhere.example", "554 5.7.1")]
    [InlineData("quoted at sign", "\"lastpass-7f3k@recovery.example\"@elsewhere.example",
        "554 5.7.1")]
    [InlineData("source route ending elsewhere",
        "@recovery.example:victim@elsewhere.example", "554 5.7.1")]
    public async Task Swaks_relay_trick_is_refused(string fault, string rcpt, string expected)
    {
        using var box = await StartBoxAsync();
        await using var server = box.Box.StartServe();
        var port = await server.WaitForListeningPortAsync();

        var result = await RunSwaksAsync(port, rcpt, fault, ["--tls"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(result.Stdout, line => line.Contains(expected, StringComparison.Ordinal));
        Assert.Empty((await box.Box.RunAsync(null, "list")).Stdout);
    }

    private static async Task<TlsBox> StartBoxAsync()
    {
        var box = new TestBox(smarthostPort: 9, extraTables: TlsTable);
        Directory.CreateDirectory(Path.Combine(box.Folder, "tls"));
        PemFiles.Write(Path.Combine(box.Folder, "tls", "certificate.pem"),
            Path.Combine(box.Folder, "tls", "key.pem"), "mx.recovery.example");
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        return new TlsBox(box);
    }

    internal static Task<CommandResult> RunPythonAsync(
        int port, string mode, string rcpt, string subject) =>
        ToolProcess.RunAsync("python3",
            ["-c", Python, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), mode, rcpt,
                subject]);

    private static Task<CommandResult> RunSwaksAsync(
        int port, string rcpt, string subject, IEnumerable<string> options) =>
        ToolProcess.RunAsync("swaks",
        [
            "--server", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--ehlo", "swaks.example", "--from", "swaks@sender.example", "--to", rcpt,
            "--header", $"Subject: {subject}", "--body", "sent by swaks", "--timeout", "30",
            .. options,
        ]);

    private static async Task<string> ReadOnlyMessageAsync(TestBox box, string subject)
    {
        var row = Assert.Single((await box.RunAsync(null, "list")).Stdout).Split("  ");
        Assert.Equal(subject, row[4]);
        var (exitCode, raw, stderr) = await LockboxProcess.RunBinaryAsync(box.Folder,
            TestBox.WithPassphrase(), "read", "--raw", row[0], "--config", box.ConfigPath);
        Assert.True(exitCode == 0, stderr);
        return Encoding.UTF8.GetString(raw);
    }

    private sealed class TlsBox(TestBox box) : IDisposable
    {
        public TestBox Box { get; } = box;

        public void Dispose() => Box.Dispose();
    }
}
