namespace Lockbox.Configuration;

/// <summary>
/// Reads the keys of one table with the checks every key needs: known name, right type,
/// present when required. Each failure names the file, line, key and table.
/// </summary>
internal sealed class TableReader(ConfigTable table, ConfigErrors errors)
{
    public ConfigTable Table => table;

    public ConfigErrors Errors => errors;

    /// <summary>How an error names a key of this table: <c>'listen' in [smtp]</c>.</summary>
    public string Name(string key) =>
        table.DisplayName == "top level" ? $"'{key}'" : $"'{key}' in {table.DisplayName}";

    /// <summary>Fails on the first key, in file order, that is not in <paramref name="known"/>,
    /// suggesting the nearest known key.</summary>
    public void RejectUnknownKeys(IReadOnlyList<string> known)
    {
        foreach (var (key, node) in table.Entries)
        {
            if (known.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }

            var nearest = KeySuggestion.Nearest(key, known);
            var where = table.DisplayName == "top level"
                ? "at top level"
                : $"in {table.DisplayName}";
            var (message, shown) = node switch
            {
                ConfigTableArray => ($"unknown table [[{key}]]", $"[[{nearest}]]"),
                ConfigTable when table.DisplayName == "top level" =>
                    ($"unknown table [{key}]", $"[{nearest}]"),
                _ => ($"unknown key '{key}' {where}", $"'{nearest}'"),
            };
            var hint = nearest is null
                ? $"; known keys here: {string.Join(", ", known)}"
                : $"; did you mean {shown}?";
            throw errors.At(node, message + hint);
        }
    }

    public ConfigNode? Get(string key) => table.Entries.GetValueOrDefault(key);

    public string? OptionalString(string key)
    {
        var node = Get(key);
        return node switch
        {
            null => null,
            ConfigScalar { Value: string text } => text,
            _ => throw TypeError(key, node, "a string"),
        };
    }

    public string RequiredString(string key, string example)
    {
        var value = OptionalString(key) ?? throw Missing(key, example);
        return value.Length > 0
            ? value
            : throw errors.At(Get(key)!, $"{Name(key)} must not be empty");
    }

    public ConfigTable? OptionalTable(string key)
    {
        var node = Get(key);
        return node switch
        {
            null => null,
            ConfigTable child => child,
            _ => throw TypeError(key, node, $"a table ([{key}])"),
        };
    }

    /// <summary>An array of tables, written either as <c>[[key]]</c> headers or inline.</summary>
    public IReadOnlyList<ConfigTable> TableArray(string key)
    {
        var node = Get(key);
        return node switch
        {
            null => [],
            ConfigTableArray array => array.Tables,
            ConfigArray array when array.Items.All(item => item is ConfigTable) =>
                [.. array.Items.Cast<ConfigTable>()],
            _ => throw TypeError(key, node, $"an array of tables ([[{key}]])"),
        };
    }

    public ConfigException Missing(string key, string example) =>
        errors.At(table.Line, $"missing required key {Name(key)}; add {key} = {example}");

    public ConfigException TypeError(string key, ConfigNode node, string expected) =>
        errors.At(node, $"{Name(key)} must be {expected}, not {node.TypeName}");
}
