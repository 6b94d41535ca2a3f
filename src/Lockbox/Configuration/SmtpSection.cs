namespace Lockbox.Configuration;

/// <summary>Reads the optional <c>[smtp]</c> table.</summary>
internal static class SmtpSection
{
    /// <summary>Loopback only until the owner says otherwise: a fresh box is not a public MX.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultListen = ["127.0.0.1:2525"];

    /// <summary>25 MiB, what large providers accept, so no legitimate recovery mail bounces.
    /// </summary>
    public const long DefaultMaxMessageSize = 25L * 1024 * 1024;

    // the server buffers a message in arrays, which .NET limits to int.MaxValue bytes
    private const long LargestMaxMessageSize = int.MaxValue;

    private static readonly string[] Keys = ["listen", "max_message_size", "plus_tags", "tls"];

    /// <param name="configFolder">Where relative paths (the TLS files) start.</param>
    public static SmtpOptions Read(ConfigTable? table, ConfigErrors errors, string configFolder)
    {
        if (table is null)
        {
            return new SmtpOptions(DefaultListen, DefaultMaxMessageSize);
        }

        var reader = new TableReader(table, errors);
        reader.RejectUnknownKeys(Keys);

        return new SmtpOptions(ReadListen(reader), ReadMaxMessageSize(reader))
        {
            PlusTags = ReadBoolean(reader, "plus_tags"),
            Tls = TlsSection.Read(reader.OptionalTable("tls"), errors, configFolder),
        };
    }

    private static bool ReadBoolean(TableReader reader, string key) => reader.Get(key) switch
    {
        null => false,
        ConfigScalar { Value: bool flag } => flag,
        var node => throw reader.TypeError(key, node, "true or false"),
    };

    private static IReadOnlyList<string> ReadListen(TableReader reader)
    {
        const string Example = "[\"127.0.0.1:2525\"]";
        var node = reader.Get("listen");
        if (node is null)
        {
            return DefaultListen;
        }

        if (node is not ConfigArray array)
        {
            throw reader.TypeError("listen", node, $"an array of strings such as {Example}");
        }

        if (array.Items.Count == 0)
        {
            throw reader.Errors.At(node,
                $"{reader.Name("listen")} must list at least one endpoint");
        }

        var endpoints = new List<string>();
        foreach (var item in array.Items)
        {
            if (item is not ConfigScalar { Value: string text })
            {
                throw reader.TypeError("listen", item, "an array of strings");
            }

            if (!EndpointParser.TryParse(text, out var endpoint, out var error))
            {
                throw reader.Errors.At(item,
                    $"invalid endpoint '{text}' in {reader.Name("listen")}: {error}");
            }

            // two sockets on one fixed port cannot both bind; port 0 gets a fresh port each time
            if (endpoint.Port != 0 && endpoints.Any(e => EndpointParser.Parse(e).Equals(endpoint)))
            {
                throw reader.Errors.At(item,
                    $"endpoint '{text}' is listed twice in {reader.Name("listen")}");
            }

            endpoints.Add(text);
        }

        return endpoints;
    }

    private static long ReadMaxMessageSize(TableReader reader)
    {
        const string Key = "max_message_size";
        var node = reader.Get(Key);
        long bytes;
        switch (node)
        {
            case null:
                return DefaultMaxMessageSize;

            case ConfigScalar { Value: long number }:
                bytes = number;
                break;

            case ConfigScalar { Value: string text }:
                if (!ByteSize.TryParse(text, out bytes, out var error))
                {
                    throw reader.Errors.At(node,
                        $"invalid size '{text}' in {reader.Name(Key)}: {error}");
                }

                break;

            default:
                throw reader.TypeError(Key, node, "a size such as \"25MiB\" or a number of bytes");
        }

        return bytes is > 0 and <= LargestMaxMessageSize
            ? bytes
            : throw reader.Errors.At(node,
                $"{reader.Name(Key)} must be from 1 byte to 2 GiB - 1 byte, not {bytes}");
    }
}
