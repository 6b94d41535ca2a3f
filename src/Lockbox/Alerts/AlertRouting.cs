using Lockbox.Configuration;

namespace Lockbox.Alerts;

/// <summary>
/// Which channels serve which recipients, from each <c>[[alert]]</c>'s <c>addresses</c> (none
/// listed: every address). A recipient is in the form the recipient policy accepted it: the
/// configured address, or a local part at a wildcard (<c>*@domain</c>) address's domain.
/// </summary>
public sealed class AlertRouting
{
    private readonly IReadOnlyList<AlertOptions> _alerts;
    private readonly HashSet<string> _alertSenders;

    public AlertRouting(IReadOnlyList<AlertOptions> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);

        _alerts = alerts;
        _alertSenders = new HashSet<string>(
            alerts.Select(a => a.From).OfType<string>(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>True when <paramref name="recipient"/> is the envelope sender of email alerts:
    /// what arrives there is their bounces and auto-replies, never an alert's cause.</summary>
    public bool IsAlertSender(string recipient) => _alertSenders.Contains(recipient);

    /// <summary>The routes for a message to <paramref name="recipients"/>; alert senders are
    /// served by no channel.</summary>
    public IReadOnlyList<AlertRoute> Routes(IReadOnlyList<string> recipients)
    {
        ArgumentNullException.ThrowIfNull(recipients);

        var routes = new List<AlertRoute>();
        var alertable = recipients.Where(r => !IsAlertSender(r)).ToList();
        foreach (var alert in _alerts)
        {
            var served = alertable.Where(r => Serves(alert, r)).ToList();
            if (served.Count > 0)
                routes.Add(new AlertRoute(alert.Name, served));
        }

        return routes;
    }

    /// <summary>True when <paramref name="alert"/> serves the recovery address
    /// <paramref name="address"/> as written in <c>[[address]]</c> (used at start-up to find
    /// addresses that no channel would tell about).</summary>
    public static bool Serves(AlertOptions alert, string address)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(address);

        return alert.Addresses.Count == 0 || alert.Addresses.Any(entry => Matches(entry, address));
    }

    private static bool Matches(string entry, string recipient)
    {
        if (string.Equals(entry, recipient, StringComparison.OrdinalIgnoreCase))
            return true;

        // "*@domain" serves every local part at that domain
        var at = recipient.LastIndexOf('@');
        return entry.StartsWith("*@", StringComparison.Ordinal) && at > 0
            && string.Equals(entry[2..], recipient[(at + 1)..], StringComparison.OrdinalIgnoreCase);
    }
}
