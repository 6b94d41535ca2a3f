using Lockbox.Authenticating;

namespace Lockbox.Configuration;

/// <summary>Reads the optional <c>[dns]</c> table and the <c>expect</c> key of an address:
/// the configuration of sender checks.</summary>
internal static class DnsSection
{
    public static DnsOptions Read(ConfigTable? table, ConfigErrors errors)
    {
        if (table is null)
            return new DnsOptions(null);

        var reader = new TableReader(table, errors);
        reader.RejectUnknownKeys(["resolver", "enabled"]);
        var enabled = reader.Get("enabled") switch
        {
            null => true,
            ConfigScalar { Value: bool value } => value,
            var other => throw reader.TypeError("enabled", other, "true or false"),
        };

        var text = reader.OptionalString("resolver");
        if (text is null)
        {
            var node = reader.Get("resolver");
            return node is null
                ? new DnsOptions(null, enabled)
                : throw reader.TypeError("resolver", node, "a string such as \"127.0.0.1:53\"");
        }

        if (!EndpointParser.TryParse(text, out var endpoint, out var error) || endpoint.Port == 0)
        {
            var why = endpoint.Port == 0 && error.Length == 0 ? "the port must not be 0" : error;
            throw errors.At(reader.Get("resolver")!,
                $"invalid resolver '{text}' in {reader.Name("resolver")}: {why}");
        }

        return new DnsOptions(endpoint, enabled);
    }

    /// <summary><c>expect = ["lastpass.com"]</c>: domain names, stored lower case.</summary>
    public static IReadOnlyList<string>? ReadExpect(TableReader reader)
    {
        const string Key = "expect";
        var node = reader.Get(Key);
        if (node is null)
            return null;

        if (node is not ConfigArray array)
            throw reader.TypeError(Key, node, "an array of domains such as [\"lastpass.com\"]");

        var domains = new List<string>();
        foreach (var item in array.Items)
        {
            if (item is not ConfigScalar { Value: string text })
                throw reader.TypeError(Key, item, "an array of strings");

            var domain = DomainNames.Normalize(text);
            if (!DomainNames.IsValid(domain))
            {
                throw reader.Errors.At(item,
                    $"'{text}' in {reader.Name(Key)} is not a domain such as lastpass.com");
            }

            domains.Add(domain);
        }

        return domains;
    }
}
