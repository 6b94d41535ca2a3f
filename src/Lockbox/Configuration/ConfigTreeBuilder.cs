using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Lockbox.Configuration;

/// <summary>
/// Turns TOML text into <see cref="ConfigNode"/>s that remember their lines. Tomlyn's syntax
/// tree is used rather than its serializer: it keeps positions and needs no reflection.
/// </summary>
internal static class ConfigTreeBuilder
{
    /// <summary>Parses the text; the first TOML error becomes a <see cref="ConfigException"/>.
    /// </summary>
    public static ConfigTable Build(string text, ConfigErrors errors)
    {
        // validation also rejects duplicate keys and tables defined twice (TOML 1.0 section 2)
        var document = SyntaxParser.Parse(text, errors.FilePath, validate: true);
        foreach (var diagnostic in document.Diagnostics)
        {
            if (diagnostic.Kind == DiagnosticMessageKind.Error)
            {
                throw errors.At(LineOf(diagnostic.Span), $"invalid TOML: {diagnostic.Message}");
            }
        }

        var root = new ConfigTable("top level", 1);
        foreach (var keyValue in document.KeyValues)
        {
            Add(root, keyValue, errors);
        }

        foreach (var table in document.Tables)
        {
            var target = OpenTable(root, table, errors);
            foreach (var keyValue in table.Items)
            {
                Add(target, keyValue, errors);
            }
        }

        return root;
    }

    private static ConfigTable OpenTable(
        ConfigTable root, TableSyntaxBase table, ConfigErrors errors)
    {
        var path = KeyPath(table.Name!);
        var line = LineOf(table.Span);
        var parent = Descend(root, path[..^1], line, errors);
        var name = path[^1];
        var dotted = string.Join('.', path);
        parent.Entries.TryGetValue(name, out var existing);

        if (table is TableArraySyntax)
        {
            var array = existing as ConfigTableArray ?? new ConfigTableArray(line);
            if (existing is null)
            {
                parent.Entries.Add(name, array);
            }
            else if (existing is not ConfigTableArray)
            {
                throw errors.At(line, $"'{dotted}' is already defined as {existing.TypeName}");
            }

            var element = new ConfigTable($"[[{dotted}]] #{array.Tables.Count + 1}", line);
            array.Tables.Add(element);
            return element;
        }

        // a table named before by a dotted header such as [a.b] may be opened once more as [a]
        if (existing is ConfigTable implicitTable)
        {
            return implicitTable;
        }

        if (existing is not null)
        {
            throw errors.At(line, $"'{dotted}' is already defined as {existing.TypeName}");
        }

        var created = new ConfigTable($"[{dotted}]", line);
        parent.Entries.Add(name, created);
        return created;
    }

    private static void Add(ConfigTable table, KeyValueSyntax keyValue, ConfigErrors errors)
    {
        var path = KeyPath(keyValue.Key!);
        var line = LineOf(keyValue.Key!.Span);
        var parent = Descend(table, path[..^1], line, errors);
        if (!parent.Entries.TryAdd(path[^1], Convert(keyValue.Value!, parent, path[^1], errors)))
        {
            throw errors.At(line, $"'{path[^1]}' is defined twice in {parent.DisplayName}");
        }
    }

    // walks the dotted part of a key, creating the implicit tables it names
    private static ConfigTable Descend(
        ConfigTable table, string[] path, int line, ConfigErrors errors)
    {
        foreach (var name in path)
        {
            if (!table.Entries.TryGetValue(name, out var next))
            {
                var created = new ConfigTable(ChildName(table, name), line);
                table.Entries.Add(name, created);
                table = created;
                continue;
            }

            table = next switch
            {
                ConfigTable child => child,
                ConfigTableArray array => array.Tables[^1],
                _ => throw errors.At(line, $"'{name}' is {next.TypeName}, not a table"),
            };
        }

        return table;
    }

    private static ConfigNode Convert(
        ValueSyntax value, ConfigTable parent, string key, ConfigErrors errors)
    {
        var line = LineOf(value.Span);
        switch (value)
        {
            case ArraySyntax array:
                var items = new List<ConfigNode>();
                foreach (var item in array.Items)
                {
                    items.Add(Convert(item.Value!, parent, key, errors));
                }

                return new ConfigArray(items, line);

            case InlineTableSyntax inline:
                var table = new ConfigTable(ChildName(parent, key), line);
                foreach (var item in inline.Items)
                {
                    Add(table, item.KeyValue!, errors);
                }

                return table;

            default:
                return Scalar(value, line);
        }
    }

    private static ConfigScalar Scalar(ValueSyntax value, int line) => value switch
    {
        StringValueSyntax text => new ConfigScalar(text.Value ?? "", "a string", line),
        IntegerValueSyntax number => new ConfigScalar(number.Value, "an integer", line),
        FloatValueSyntax number => new ConfigScalar(number.Value, "a float", line),
        BooleanValueSyntax flag => new ConfigScalar(flag.Value, "a boolean", line),
        _ => new ConfigScalar(value.ToString() ?? "", "a date-time", line),
    };

    // [smtp] gets children [smtp.x]; inside [[alert]] #2 a child is "[x] in [[alert]] #2"
    private static string ChildName(ConfigTable parent, string key)
    {
        var name = parent.DisplayName;
        return name.StartsWith('[') && !name.StartsWith("[[", StringComparison.Ordinal)
            ? $"[{name[1..^1]}.{key}]"
            : $"[{key}] in {name}";
    }

    private static string[] KeyPath(KeySyntax key)
    {
        var path = new List<string> { KeyText(key.Key!) };
        foreach (var dotted in key.DotKeys)
        {
            path.Add(KeyText(dotted.Key!));
        }

        return [.. path];
    }

    private static string KeyText(BareKeyOrStringValueSyntax key) => key switch
    {
        BareKeySyntax bare => bare.Key!.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => key.ToString() ?? "",
    };

    private static int LineOf(SourceSpan span) => span.Start.Line + 1;
}
