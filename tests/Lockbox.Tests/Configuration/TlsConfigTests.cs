using Lockbox.Configuration;

namespace Lockbox.Tests.Configuration;

public sealed class TlsConfigTests : IDisposable
{
    private const string Table =
        "[smtp.tls]\ncertificate = \"tls/cert.pem\"\nkey = \"tls/key.pem\"\n";

    private readonly TempFolder folder = new();

    public TlsConfigTests()
    {
        Directory.CreateDirectory(folder.Combine("tls"));
        PemFiles.Write(folder.Combine("tls", "cert.pem"), folder.Combine("tls", "key.pem"),
            "mx.recovery.example");
        PemFiles.Write(folder.Combine("other-cert.pem"), folder.Combine("other-key.pem"),
            "other.example");
        folder.Write("not-pem.txt", "hello\n");
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Tls_paths_are_relative_to_the_config_file()
    {
        var path = folder.Write("lockbox.toml", SampleConfig.Text + Table);

        var options = ConfigLoader.Load(path);

        Assert.Equal(
            new TlsFiles(folder.Combine("tls", "cert.pem"), folder.Combine("tls", "key.pem")),
            options.Smtp.Tls);
    }

    [Fact]
    public void Without_a_tls_table_no_starttls_is_configured_and_plus_tags_are_off()
    {
        var options = ConfigLoader.Load(folder.Write("lockbox.toml", SampleConfig.Text));

        Assert.Null(options.Smtp.Tls);
        Assert.False(options.Smtp.PlusTags);
    }

    [Fact]
    public void Plus_tags_can_be_turned_on()
    {
        var text = SampleConfig.Text.Replace("max_message_size = \"25MiB\"",
            "max_message_size = \"25MiB\"\nplus_tags = true", StringComparison.Ordinal);

        var options = ConfigLoader.Load(folder.Write("lockbox.toml", text));

        Assert.True(options.Smtp.PlusTags);
    }

    public static TheoryData<string, string, int, string[]> Faults => new()
    {
        // fault name, text appended to the sample, line named, message contains
        { "certificate_missing_file", Table.Replace("tls/cert.pem", "tls/gone.pem"), 20,
            ["'certificate' in [smtp.tls]", "no such file", "tls/gone.pem"] },
        { "key_missing_file", Table.Replace("tls/key.pem", "nowhere/key.pem"), 21,
            ["'key' in [smtp.tls]", "no such file"] },
        { "key_of_another_certificate", Table.Replace("tls/key.pem", "other-key.pem"), 20,
            ["'certificate' in [smtp.tls]", "matching private key"] },
        { "certificate_not_pem", Table.Replace("tls/cert.pem", "not-pem.txt"), 20,
            ["'certificate' in [smtp.tls]", "not a PEM certificate"] },
        { "key_missing", "[smtp.tls]\ncertificate = \"tls/cert.pem\"\n", 19,
            ["missing required key 'key' in [smtp.tls]"] },
        { "unknown_key", Table + "chain = \"x.pem\"\n", 22,
            ["unknown key 'chain' in [smtp.tls]"] },
        { "unknown_table_under_smtp", "[smtp.x]\n", 19, ["unknown key 'x' in [smtp]"] },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Tls_fault_is_reported_with_file_line_and_key(
        string fault, string appended, int line, string[] expected)
    {
        var path = folder.Write($"{fault}.toml", SampleConfig.Text + "\n" + appended);

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));

        Assert.StartsWith($"{path}:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("PRIVATE KEY", error.Message, StringComparison.Ordinal);
        foreach (var part in expected)
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Plus_tags_of_the_wrong_type_name_the_line()
    {
        var text = SampleConfig.Text.Replace("max_message_size = \"25MiB\"",
            "max_message_size = \"25MiB\"\nplus_tags = \"yes\"", StringComparison.Ordinal);
        var path = folder.Write("lockbox.toml", text);

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));

        Assert.StartsWith($"{path}:6: 'plus_tags' in [smtp] must be true or false",
            error.Message, StringComparison.Ordinal);
    }
}
