namespace Lockbox.Configuration;

/// <summary>Reads the <c>[[alert]]</c> tables: which channels tell the owner.</summary>
internal static class AlertSection
{
    private static readonly string[] CommonKeys = ["type", "addresses", "detail"];

    private static readonly Dictionary<string, string[]> KeysByType =
        new(StringComparer.Ordinal)
    {
        ["email"] = [.. CommonKeys, "to", "from", "smarthost"],
        ["console"] = CommonKeys,
        ["ntfy"] = [.. CommonKeys, "url", "token"],
        ["webhook"] = [.. CommonKeys, "url", "secret"],
    };

    private static readonly string[] AllKeys = [.. KeysByType.Values.SelectMany(k => k).Distinct()];

    /// <summary>Reads every <c>[[alert]]</c>; <paramref name="addresses"/> are the configured
    /// recovery addresses an <c>addresses</c> key may name.</summary>
    public static IReadOnlyList<AlertOptions> Read(
        TableReader root, IReadOnlyList<RecoveryAddress> addresses)
    {
        var tables = root.TableArray("alert");
        if (tables.Count == 0)
        {
            // a box that tells no one defeats its purpose: the owner must learn of every message
            throw root.Errors.At(1, "missing required [[alert]] table; add one with "
                + "type = \"email\" or type = \"console\"");
        }

        var alerts = new List<AlertOptions>();
        foreach (var table in tables)
        {
            var reader = new TableReader(table, root.Errors);
            var alert = ReadOne(reader, alerts.Count + 1) with
            {
                Addresses = AlertScope.ReadAddresses(reader, addresses),
                Detail = AlertScope.ReadDetail(reader),
            };
            CheckLoop(reader, alert, addresses);
            alerts.Add(alert);
        }

        CheckEveryAddressServed(root, addresses, alerts);
        return alerts;
    }

    private static AlertOptions ReadOne(TableReader reader, int index)
    {
        reader.RejectUnknownKeys(AllKeys);

        var type = reader.RequiredString("type", "\"email\"");
        if (!KeysByType.TryGetValue(type, out var keys))
        {
            var nearest = KeySuggestion.Nearest(type, KeysByType.Keys);
            var hint = nearest is null ? "" : $"; did you mean '{nearest}'?";
            throw reader.Errors.At(reader.Get("type")!,
                $"unknown alert type '{type}' in {reader.Table.DisplayName}; "
                + $"known types: {string.Join(", ", KeysByType.Keys)}{hint}");
        }

        foreach (var (key, node) in reader.Table.Entries)
        {
            if (!keys.Contains(key, StringComparer.Ordinal))
            {
                throw reader.Errors.At(node, $"{reader.Name(key)} does not apply to type '{type}'");
            }
        }

        var name = $"alert{index}-{type}";
        return type switch
        {
            "email" => ReadEmail(reader, name),
            "ntfy" => HttpAlertSection.ReadNtfy(reader, name),
            "webhook" => HttpAlertSection.ReadWebhook(reader, name),
            _ => new AlertOptions(name, type),
        };
    }

    private static AlertOptions ReadEmail(TableReader reader, string name)
    {
        var to = Address(reader, "to");
        var from = Address(reader, "from");

        // register the password first, so no later message about this table can carry it
        var text = reader.RequiredString("smarthost", "\"smtp://127.0.0.1:25\"");
        var password = Smarthost.PasswordOf(text);
        reader.Errors.AddSecret(password);
        reader.Errors.AddSecret(Uri.UnescapeDataString(password));

        if (!Smarthost.TryParse(text, out var smarthost, out var error))
        {
            throw reader.Errors.At(reader.Get("smarthost")!,
                $"invalid {reader.Name("smarthost")}: {error}");
        }

        return new AlertOptions(name, "email", to, from, smarthost);
    }

    // the owner must learn of every message: an address no channel serves would be silent
    private static void CheckEveryAddressServed(
        TableReader root, IReadOnlyList<RecoveryAddress> addresses, List<AlertOptions> alerts)
    {
        var tables = root.TableArray("address");
        for (var i = 0; i < addresses.Count; i++)
        {
            if (!alerts.Any(alert => Alerts.AlertRouting.Serves(alert, addresses[i].Email)))
            {
                throw root.Errors.At(tables[i].Line, $"[[address]] #{i + 1} is in no "
                    + "[[alert]]'s addresses, so its mail would never be alerted; add it to one");
            }
        }
    }

    // mail to the alerts' own envelope sender is never alerted (it is where bounces and
    // auto-replies of alerts go), so that address cannot also be a recovery address
    private static void CheckLoop(
        TableReader reader, AlertOptions alert, IReadOnlyList<RecoveryAddress> addresses)
    {
        if (alert.From is { } from && addresses.Any(a =>
                string.Equals(a.Email, from, StringComparison.OrdinalIgnoreCase)))
        {
            throw reader.Errors.At(reader.Get("from")!,
                $"{reader.Name("from")} is also an [[address]]; mail to the alerts' sender "
                + "(their bounces and auto-replies) is never alerted, so use another address");
        }
    }

    private static string Address(TableReader reader, string key)
    {
        var address = reader.RequiredString(key, "\"someone@example.org\"");
        var problem = EmailAddressCheck.Problem(address, allowWildcard: false);
        return problem is null
            ? address
            : throw reader.Errors.At(reader.Get(key)!, $"{reader.Name(key)} {problem}");
    }
}
