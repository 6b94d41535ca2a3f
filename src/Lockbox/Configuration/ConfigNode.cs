namespace Lockbox.Configuration;

/// <summary>
/// One value of the parsed file with the 1-based line it came from, so that every error can
/// point at a line. Built by <see cref="ConfigTreeBuilder"/> from Tomlyn's syntax tree.
/// </summary>
internal abstract class ConfigNode(int line)
{
    public int Line { get; } = line;

    /// <summary>The TOML type as an operator would name it in an error.</summary>
    public abstract string TypeName { get; }
}

/// <summary>A string, integer, float, boolean or date-time.</summary>
internal sealed class ConfigScalar(object value, string typeName, int line) : ConfigNode(line)
{
    public object Value { get; } = value;

    public override string TypeName { get; } = typeName;
}

/// <summary>An inline array <c>[ ... ]</c>.</summary>
internal sealed class ConfigArray(IReadOnlyList<ConfigNode> items, int line) : ConfigNode(line)
{
    public IReadOnlyList<ConfigNode> Items { get; } = items;

    public override string TypeName => "an array";
}

/// <summary>A table: <c>[name]</c>, one element of <c>[[name]]</c>, an inline table, or the
/// implicit table of a dotted key.</summary>
/// <param name="displayName">How errors name it: <c>top level</c>, <c>[smtp]</c>,
/// <c>[[alert]] #2</c>.</param>
internal sealed class ConfigTable(string displayName, int line) : ConfigNode(line)
{
    public string DisplayName { get; } = displayName;

    /// <summary>Entries in file order.</summary>
    public OrderedDictionary<string, ConfigNode> Entries { get; } = new(StringComparer.Ordinal);

    public override string TypeName => "a table";
}

/// <summary>An array of tables, <c>[[name]]</c>.</summary>
internal sealed class ConfigTableArray(int line) : ConfigNode(line)
{
    public List<ConfigTable> Tables { get; } = [];

    public override string TypeName => "an array of tables";
}
