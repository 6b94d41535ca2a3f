using System.Globalization;

namespace Lockbox.Tests.Support;

/// <summary>
/// A real box on disk for black-box tests: a config file (listening on 127.0.0.1 port 0,
/// alerting by email through a smarthost on loopback, sender checks asking a fake DNS server
/// on loopback), keys made by <c>lockbox init</c>.
/// </summary>
public sealed class TestBox : IDisposable
{
    public const string Passphrase = "test-only correct horse battery staple";
    public const string RecoveryAddress = "lastpass-7f3k@recovery.example";
    public const string OwnerAddress = "owner@primary.example";
    public const string AlertSender = "lockbox@recovery.example";

    private readonly TempFolder _folder = new();

    /// <param name="storagePath">The <c>[storage]</c> path, relative to the config file.</param>
    /// <param name="smtpLines">Extra lines for the <c>[smtp]</c> table.</param>
    /// <param name="expect">An <c>expect = [...]</c> line for the recovery address.</param>
    /// <param name="extraTables">Text appended after everything else.</param>
    public TestBox(
        int smarthostPort, string storagePath = "data", string smtpLines = "",
        string extraTables = "", string maxMessageSize = "1MiB", string expect = "")
    {
        SmarthostPort = smarthostPort;
        StoragePath = storagePath;
        File.WriteAllText(ConfigPath, string.Create(CultureInfo.InvariantCulture, $"""
            hostname = "mx.recovery.example"

            [smtp]
            listen = ["127.0.0.1:0"]
            max_message_size = "{maxMessageSize}"
            {smtpLines}

            [storage]
            path = "{storagePath}"

            [dns]
            resolver = "{Dns.Endpoint}"

            [[address]]
            email = "{RecoveryAddress}"
            {expect}

            [[alert]]
            type = "email"
            to = "{OwnerAddress}"
            from = "{AlertSender}"
            smarthost = "smtp://127.0.0.1:{smarthostPort}"

            {extraTables}
            """));
    }

    public int SmarthostPort { get; }

    /// <summary>The box's resolver: nothing is published until a test adds records.</summary>
    public FakeDnsServer Dns { get; } = FakeDnsServer.Start();

    public string Folder => _folder.Path;

    public string ConfigPath => _folder.Combine("lockbox.toml");

    public string StoragePath { get; }

    public string DataFolder => Path.GetFullPath(Path.Combine(Folder, StoragePath));

    public static IReadOnlyDictionary<string,
        string> WithPassphrase(string passphrase = Passphrase) =>
        new Dictionary<string, string> { ["LOCKBOX_PASSPHRASE"] = passphrase };

    public Task<CommandResult> RunAsync(
        IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        LockboxProcess.RunAsync(Folder, environment, [.. arguments, "--config", ConfigPath]);

    public Task<CommandResult> InitAsync() =>
        RunAsync(WithPassphrase(), "init", "--work-factor", "10");

    public LockboxProcess StartServe() =>
        LockboxProcess.Start(Folder, null, "serve", "--config", ConfigPath);

    public void Dispose()
    {
        Dns.Dispose();
        _folder.Dispose();
    }
}
