using Lockbox.Configuration;

namespace Lockbox.Tests.Configuration;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Full_config_is_read_into_options()
    {
        var path = folder.Write("lockbox.toml", SampleConfig.Text + """
            [[alert]]
            type = "console"
            """);

        var options = ConfigLoader.Load(path);

        Assert.Equal("mx.recovery.example", options.Hostname);
        Assert.Equal(["127.0.0.1:2525", "[::1]:2525"], options.Smtp.Listen);
        Assert.Equal(25L * 1024 * 1024, options.Smtp.MaxMessageSize);
        Assert.Equal(Path.GetFullPath("/var/lib/lockbox"), options.Storage.Path);
        Assert.Equal([new RecoveryAddress("lastpass-7f3k@recovery.example")], options.Addresses);
        Assert.Equal(path, options.SourcePath);
        Assert.False(options.IsTrial);

        Assert.Equal(2, options.Alerts.Count);
        var email = options.Alerts[0];
        Assert.Equal(("alert1-email", "email"), (email.Name, email.Type));
        Assert.Equal("owner@primary.example", email.To);
        Assert.Equal("lockbox@recovery.example", email.From);
        Assert.Equal("smtp", email.Smarthost!.Scheme);
        Assert.Equal(("127.0.0.1", 2526), (email.Smarthost.Host, email.Smarthost.Port));
        Assert.Equal(new AlertOptions("alert2-console", "console"), options.Alerts[1]);
    }

    [Fact]
    public void Omitted_smtp_table_gives_loopback_defaults()
    {
        var text = SampleConfig.Text
            .Replace("[smtp]", "", StringComparison.Ordinal)
            .Replace("listen = [\"127.0.0.1:2525\", \"[::1]:2525\"]", "", StringComparison.Ordinal)
            .Replace("max_message_size = \"25MiB\"", "", StringComparison.Ordinal);

        var options = ConfigLoader.Load(folder.Write("lockbox.toml", text));

        Assert.Equal(["127.0.0.1:2525"], options.Smtp.Listen);
        Assert.Equal(25L * 1024 * 1024, options.Smtp.MaxMessageSize);
    }

    [Theory]
    [InlineData("data", "data")]
    [InlineData(".", "")]
    [InlineData("../elsewhere", "../elsewhere")]
    public void Relative_storage_path_is_resolved_against_the_config_folder(
        string written, string expected)
    {
        var configFolder = Directory.CreateDirectory(Path.Combine(folder.Path, "etc")).FullName;
        var text = SampleConfig.Text.Replace(
            "\"/var/lib/lockbox\"", $"\"{written}\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(configFolder, "lockbox.toml"), text);

        // loaded through a relative path from another working folder on purpose
        var relative = Path.GetRelativePath(
            Environment.CurrentDirectory, Path.Combine(configFolder, "lockbox.toml"));
        var options = ConfigLoader.Load(relative);

        Assert.Equal(Path.GetFullPath(Path.Combine(configFolder, expected)), options.Storage.Path);
    }

    [Fact]
    public void Percent_encoded_smarthost_credentials_are_decoded()
    {
        var text = SampleConfig.Text.Replace(
            $"alerts:{SampleConfig.Password}", "alerts%40corp:p%40ss%2Fw%3Ard",
            StringComparison.Ordinal);

        var alert = ConfigLoader.Load(folder.Write("lockbox.toml", text)).Alerts[0];
        var credential = Smarthost.GetCredential(alert.Smarthost!);

        Assert.Equal("alerts@corp", credential!.UserName);
        Assert.Equal("p@ss/w:rd", credential.Password);
    }

    [Fact]
    public void Wildcard_address_and_inline_tables_are_accepted()
    {
        const string Inline =
            "address = [{ email = \"*@recovery.example\" }, { email = \"b@recovery.example\" }]";
        var text = Inline + "\n" + SampleConfig.Text.Replace(
                "[[address]]\nemail = \"lastpass-7f3k@recovery.example\"", "",
                StringComparison.Ordinal);

        var options = ConfigLoader.Load(folder.Write("lockbox.toml", text));

        Assert.Equal(
            ["*@recovery.example", "b@recovery.example"],
            options.Addresses.Select(a => a.Email));
    }

    [Fact]
    public void Missing_file_is_named_in_the_error()
    {
        var path = Path.Combine(folder.Path, "absent.toml");

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));

        Assert.Equal($"{path}: config file not found", error.Message);
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void Unreadable_path_is_named_in_the_error()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(folder.Path));

        Assert.StartsWith($"{folder.Path}: ", error.Message, StringComparison.Ordinal);
    }
}
