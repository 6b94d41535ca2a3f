namespace Lockbox.Configuration;

/// <summary>Reads the keys every <c>[[alert]]</c> takes: <c>addresses</c> (which recovery
/// addresses it serves) and <c>detail</c> (how much an alert reveals).</summary>
internal static class AlertScope
{
    private static readonly Dictionary<string, AlertDetail> Details =
        new(StringComparer.Ordinal)
    {
        ["subject"] = AlertDetail.Subject,
        ["sender"] = AlertDetail.Sender,
        ["none"] = AlertDetail.None,
    };

    public static IReadOnlyList<string> ReadAddresses(
        TableReader reader, IReadOnlyList<RecoveryAddress> configured)
    {
        const string Key = "addresses";
        var node = reader.Get(Key);
        if (node is null)
        {
            return [];
        }

        if (node is not ConfigArray { Items.Count: > 0 } array)
        {
            throw node is ConfigArray
                ? reader.Errors.At(node, $"{reader.Name(Key)} must name at least one address; "
                    + "leave it out to serve every [[address]]")
                : reader.TypeError(Key, node, "an array of [[address]] emails");
        }

        var chosen = new List<string>();
        foreach (var item in array.Items)
        {
            if (item is not ConfigScalar { Value: string text })
            {
                throw reader.TypeError(Key, item, "an array of strings");
            }

            // recovery addresses stay unguessable: the error names the position, not the text
            var match = configured.FirstOrDefault(a =>
                string.Equals(a.Email, text, StringComparison.OrdinalIgnoreCase))
                ?? throw reader.Errors.At(item,
                    $"{reader.Name(Key)}: entry {chosen.Count + 1} is not the email of any "
                    + "[[address]]");
            if (chosen.Contains(match.Email, StringComparer.OrdinalIgnoreCase))
            {
                throw reader.Errors.At(item,
                    $"{reader.Name(Key)}: entry {chosen.Count + 1} repeats an address");
            }

            chosen.Add(match.Email);
        }

        return chosen;
    }

    public static AlertDetail ReadDetail(TableReader reader)
    {
        var text = reader.OptionalString("detail");
        if (text is null)
        {
            return AlertDetail.Subject;
        }

        return Details.TryGetValue(text, out var detail)
            ? detail
            : throw reader.Errors.At(reader.Get("detail")!,
                $"{reader.Name("detail")} must be \"subject\", \"sender\" or \"none\", "
                + $"not '{text}'");
    }
}
