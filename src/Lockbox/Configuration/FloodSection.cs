namespace Lockbox.Configuration;

/// <summary>Reads the optional <c>[flood]</c> table.</summary>
internal static class FloodSection
{
    private static readonly string[] Keys = ["enabled", "limit", "window"];

    public static FloodOptions Read(ConfigTable? table, ConfigErrors errors)
    {
        var defaults = FloodOptions.Default;
        if (table is null)
        {
            return defaults;
        }

        var reader = new TableReader(table, errors);
        reader.RejectUnknownKeys(Keys);

        var enabled = reader.Get("enabled") switch
        {
            null => defaults.Enabled,
            ConfigScalar { Value: bool flag } => flag,
            var node => throw reader.TypeError("enabled", node, "true or false"),
        };
        var limit = reader.Get("limit") switch
        {
            null => defaults.Limit,
            ConfigScalar { Value: long n } when n is >= 1 and <= 100_000 => (int)n,
            ConfigScalar { Value: long } node => throw reader.Errors.At(node,
                $"{reader.Name("limit")} must be from 1 to 100000"),
            var node => throw reader.TypeError("limit", node, "a number of alerts"),
        };
        return new FloodOptions(enabled, limit, ReadWindow(reader) ?? defaults.Window);
    }

    private static TimeSpan? ReadWindow(TableReader reader)
    {
        var node = reader.Get("window");
        if (node is null)
        {
            return null;
        }

        const string Expected = "a duration such as \"10m\", \"1h\" or \"90s\"";
        if (node is not ConfigScalar { Value: string text } || text.Length < 2
            || !int.TryParse(text.AsSpan(0, text.Length - 1),
                System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var count)
            || count < 1)
        {
            throw reader.TypeError("window", node, Expected);
        }

        TimeSpan? window = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(count),
            'm' => TimeSpan.FromMinutes(count),
            'h' => TimeSpan.FromHours(count),
            _ => null,
        };
        return window is { } w && w >= TimeSpan.FromSeconds(10) && w <= TimeSpan.FromDays(1)
            ? w
            : throw reader.Errors.At(node,
                $"{reader.Name("window")} must be {Expected}, from 10s to 24h");
    }
}
