using Lockbox.Configuration;

namespace Lockbox.Tests.Configuration;

/// <summary>The ntfy and webhook channels, addresses, detail and [flood]: good tables load,
/// each bad one is an error naming file, line and key, and no token or secret is ever echoed.
/// </summary>
public sealed class ChannelConfigTests : IDisposable
{
    private const string Token = "tk_TOKEN-never-shown";
    private const string Secret = "SECRET-never-shown-0123";

    private const string Base = """
        hostname = "mx.recovery.example"
        [storage]
        path = "/var/lib/lockbox"
        [[address]]
        email = "lastpass-7f3k@recovery.example"
        [[address]]
        email = "bank-q9x2@recovery.example"

        """;

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Every_channel_type_with_addresses_detail_and_flood_loads()
    {
        var options = Load(Base + $"""
            [[alert]]
            type = "ntfy"
            url = "https://ntfy.example/lockbox"
            token = "{Token}"
            detail = "none"
            addresses = ["BANK-q9x2@recovery.example"]
            [[alert]]
            type = "webhook"
            url = "https://hooks.example/in"
            secret = "{Secret}"
            detail = "sender"
            [flood]
            enabled = false
            limit = 5
            window = "2m"
            """);

        var (ntfy, hook) = (options.Alerts[0], options.Alerts[1]);
        Assert.Equal(("alert1-ntfy", Token, AlertDetail.None),
            (ntfy.Name, ntfy.Token, ntfy.Detail));
        Assert.Equal(["bank-q9x2@recovery.example"], ntfy.Addresses);
        Assert.Equal(("alert2-webhook", Secret, AlertDetail.Sender),
            (hook.Name, hook.Secret, hook.Detail));
        Assert.Empty(hook.Addresses);
        Assert.Equal(new FloodOptions(false, 5, TimeSpan.FromMinutes(2)), options.Flood);
    }

    [Fact]
    public void Defaults_are_subject_detail_every_address_and_flood_20_in_10_minutes()
    {
        var options = Load(Base + "[[alert]]\ntype = \"console\"\n");

        Assert.Equal(AlertDetail.Subject, options.Alerts[0].Detail);
        Assert.Empty(options.Alerts[0].Addresses);
        Assert.Equal(new FloodOptions(true, 20, TimeSpan.FromMinutes(10)), options.Flood);
    }

    public static TheoryData<string, string, int, string> Faults => new()
    {
        // fault, [[alert]] body after type line (starts on line 9), line, message contains
        { "ntfy_without_url", "type = \"ntfy\"\n", 8, "missing required key 'url'" },
        { "ntfy_plain_http_elsewhere",
            $"type = \"ntfy\"\nurl = \"http://ntfy.example/t\"\ntoken = \"{Token}\"\n", 10,
            "must use https://" },
        { "ntfy_no_topic", "type = \"ntfy\"\nurl = \"https://ntfy.example/\"\n", 10, "topic" },
        { "ntfy_credentials_in_url",
            $"type = \"ntfy\"\nurl = \"https://u:{Token}@ntfy.example/t\"\n", 10,
            "user:password@" },
        { "ntfy_token_bad",
            $"type = \"ntfy\"\nurl = \"https://n.example/t\"\ntoken = \"a {Token}\"\n", 11,
            "'token'" },
        { "webhook_short_secret",
            "type = \"webhook\"\nurl = \"https://h.example/\"\nsecret = \"short\"\n", 11,
            "at least 16" },
        { "webhook_without_secret", "type = \"webhook\"\nurl = \"https://h.example/\"\n", 8,
            "missing required key 'secret'" },
        { "webhook_token_key", "type = \"webhook\"\nurl = \"https://h.example/\"\n"
            + $"secret = \"{Secret}\"\ntoken = \"{Token}\"\n", 12,
                "'token' in [[alert]] #1 does not apply to type 'webhook'" },
        { "address_not_configured",
            "type = \"console\"\naddresses = [\"other@recovery.example\"]\n", 10,
            "entry 1 is not the email of any [[address]]" },
        { "address_repeated", "type = \"console\"\naddresses = [\"bank-q9x2@recovery.example\", "
            + "\"Bank-Q9X2@recovery.example\"]\n", 10, "entry 2 repeats" },
        { "addresses_empty", "type = \"console\"\naddresses = []\n", 10, "at least one" },
        { "detail_unknown", "type = \"console\"\ndetail = \"full\"\n", 10,
            "must be \"subject\", \"sender\" or \"none\"" },
        { "alert_from_is_recovery_address", "type = \"email\"\nto = \"o@p.example\"\n"
            + "from = \"bank-q9x2@recovery.example\"\nsmarthost = \"smtp://127.0.0.1\"\n", 11,
            "is also an [[address]]" },
        { "flood_limit_zero", "type = \"console\"\n[flood]\nlimit = 0\n", 11, "from 1 to 100000" },
        { "flood_window_unit", "type = \"console\"\n[flood]\nwindow = \"10y\"\n", 11,
            "'window' in [flood]" },
        { "flood_typo", "type = \"console\"\n[flood]\nenable = false\n", 11,
            "did you mean 'enabled'?" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Bad_table_is_an_error_naming_file_line_and_key(
        string fault, string table, int line, string expected)
    {
        var path = folder.Write("lockbox.toml", Base + "[[alert]]\n" + table);

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));

        Assert.StartsWith($"{path}:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TOKEN-never", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-never", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("other@", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(fault));
    }

    private LockboxOptions Load(string text) =>
        ConfigLoader.Load(folder.Write("lockbox.toml", text));
}
