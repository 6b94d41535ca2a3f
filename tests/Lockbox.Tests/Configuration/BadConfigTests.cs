using Lockbox.Configuration;

namespace Lockbox.Tests.Configuration;

/// <summary>
/// One row per fault: the sample config with one edit, the line the error must name, and
/// words the message must contain. Every row also checks the message is one line, starts with
/// <c>file:line:</c> and never carries the smarthost password.
/// </summary>
public sealed class BadConfigTests : IDisposable
{
    private const string Password = SampleConfig.Password;

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    public static TheoryData<string, string, string, int, string[]> Faults => new()
    {
        // fault name, text replaced (empty = append), replacement, line, message contains
        { "typo_in_key", "listen =", "lisen =", 4,
            ["unknown key 'lisen' in [smtp]", "did you mean 'listen'?"] },
        { "typo_in_table_array", "[[alert]]", "[[alrt]]", 13,
            ["[[alrt]]", "did you mean [[alert]]?"] },
        { "typo_in_table", "[smtp]", "[smpt]", 3,
            ["unknown table [smpt]", "did you mean [smtp]?"] },
        { "unknown_top_level_key", "hostname =", "hostnme =", 1, ["'hostnme'", "'hostname'"] },
        { "unknown_key_far_from_any", "max_message_size =", "colour =", 5,
            ["'colour'", "known keys here: listen, max_message_size, plus_tags, tls"] },
        { "hostname_wrong_type", "\"mx.recovery.example\"", "25", 1,
            ["'hostname'", "must be a string", "integer"] },
        { "hostname_missing", "hostname = \"mx.recovery.example\"", "", 1,
            ["missing required key 'hostname'"] },
        { "hostname_not_a_host", "mx.recovery.example", "mx recovery", 1, ["'hostname'"] },
        { "listen_not_array", "[\"127.0.0.1:2525\", \"[::1]:2525\"]", "\"127.0.0.1:2525\"", 4,
            ["'listen' in [smtp]", "array of strings", "not a string"] },
        { "listen_empty", "[\"127.0.0.1:2525\", \"[::1]:2525\"]", "[]", 4, ["at least one"] },
        { "endpoint_v6_without_brackets", "\"[::1]:2525\"", "\"::1:2525\"", 4,
            ["'::1:2525'", "'listen'", "brackets"] },
        { "endpoint_host_name", "127.0.0.1:2525", "localhost:2525", 4,
            ["'localhost:2525'", "IP address"] },
        { "endpoint_port_too_big", "127.0.0.1:2525", "127.0.0.1:65536", 4, ["0 to 65535"] },
        { "endpoint_listed_twice", "[::1]:2525", "127.0.0.1:2525", 4, ["listed twice"] },
        { "size_unknown_unit", "\"25MiB\"", "\"25 MeB\"", 5,
            ["'25 MeB'", "'max_message_size' in [smtp]", "unknown unit 'MeB'"] },
        { "size_fraction_of_byte", "\"25MiB\"", "\"1.5\"", 5, ["whole number of bytes"] },
        { "size_wrong_type", "\"25MiB\"", "2.5", 5, ["'max_message_size'", "not a float"] },
        { "size_zero", "\"25MiB\"", "0", 5, ["'max_message_size'", "from 1 byte"] },
        { "storage_path_missing", "path = \"/var/lib/lockbox\"", "", 7,
            ["missing required key 'path' in [storage]"] },
        { "storage_path_tilde", "/var/lib/lockbox", "~/lockbox", 8, ["'~'"] },
        { "smtp_not_a_table",
            "[smtp]\nlisten = [\"127.0.0.1:2525\", \"[::1]:2525\"]\nmax_message_size = \"25MiB\"",
            "smtp = 1\n\n", 3, ["'smtp' must be a table ([smtp]), not an integer"] },
        { "address_bad_email", "lastpass-7f3k@recovery", "last pass@recovery", 11,
            ["'email' in [[address]] #1", "local part"] },
        { "address_bad_domain",
            "@recovery.example\"\n\n[[alert]]", "@recovery..example\"\n\n[[alert]]",
            11, ["'email' in [[address]] #1", "domain"] },
        { "address_single_table", "[[address]]", "[address]", 10,
            ["'address'", "array of tables ([[address]])"] },
        { "address_missing", "[[address]]\nemail = \"lastpass-7f3k@recovery.example\"", "\n", 1,
            ["missing required [[address]]"] },
        { "address_duplicate", "", "\n[[address]]\nemail = \"LastPass-7F3K@recovery.example\"\n",
            20, ["[[address]] #2", "repeats the address on line 11"] },
        { "alert_unknown_type", "\"email\"", "\"emial\"", 14,
            ["'emial'", "[[alert]] #1", "did you mean 'email'"] },
        { "alert_missing_to", "to = \"owner@primary.example\"", "", 13,
            ["missing required key 'to' in [[alert]] #1"] },
        { "alert_key_of_other_type", "\"email\"", "\"console\"", 15,
            ["'to' in [[alert]] #1", "does not apply to type 'console'"] },
        { "alert_wildcard_to", "owner@primary", "*@primary", 15, ["'to'", "wildcard"] },
        { "smarthost_bad_scheme", "smtp://alerts", "http://alerts", 17,
            ["'smarthost' in [[alert]] #1", "scheme 'http'",
                "'http://alerts:***@127.0.0.1:2526'"] },
        { "smarthost_with_path", "2526\"", "2526/x\"", 17, ["'smarthost'", "only scheme://"] },
        { "smarthost_wrong_type", $"\"smtp://alerts:{Password}@127.0.0.1:2526\"", "2526", 17,
            ["'smarthost'", "must be a string"] },
        { "smarthost_unterminated", "2526\"", "2526", 17, ["invalid TOML"] },
        { "smarthost_defined_twice", "from = \"lockbox@recovery.example\"",
            $"smarthost = \"smtps://alerts:{Password}@relay\"", 17, ["invalid TOML", "smarthost"] },
        { "toml_syntax_error", "[smtp]", "[smtp", 3, ["invalid TOML"] },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Fault_is_reported_with_file_line_and_key(
        string fault, string replaced, string replacement, int line, string[] expected)
    {
        var text = replaced.Length == 0
            ? SampleConfig.Text + replacement
            : SampleConfig.Text.Replace(replaced, replacement, StringComparison.Ordinal);
        Assert.NotEqual(SampleConfig.Text, text);
        var path = folder.Write($"{fault}.toml", text);

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));

        Assert.StartsWith($"{path}:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.Equal((path, line), (error.FilePath, error.Line));
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
        foreach (var part in expected)
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("smtp://alerts:p%40ss%2FZq9@relay/x")]
    [InlineData("http://alerts:p@ss/Zq9@relay")]
    [InlineData("smtp:alerts:p@ss/Zq9@relay")]
    [InlineData("smtp://alerts:p@ss/Zq9@relay:99999")]
    [InlineData("smtps://alerts:p ss\\\"Zq9@relay/x")]
    public void Smarthost_password_is_never_in_a_message(string smarthost)
    {
        var text = SampleConfig.Text.Replace(
            $"smtp://alerts:{Password}@127.0.0.1:2526", smarthost, StringComparison.Ordinal);
        var path = folder.Write("lockbox.toml", text);

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));

        Assert.Contains("'smarthost'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("p%40ss", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zq9", error.Message, StringComparison.Ordinal);
    }
}
