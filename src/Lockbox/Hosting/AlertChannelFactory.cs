using Lockbox.Alerts;
using Lockbox.Configuration;

namespace Lockbox.Hosting;

/// <summary>Builds the configured alert channels.</summary>
public static class AlertChannelFactory
{
    public static IReadOnlyList<IAlertChannel> Create(
        LockboxOptions options, TextWriter console, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);

        return options.Alerts.Select(alert => alert.Type switch
        {
            "email" => (IAlertChannel)new EmailAlertChannel(alert, options.Hostname, time),
            "console" => new ConsoleAlertChannel(
                alert.Name, console, options.Hostname, alert.Detail),
            "ntfy" => new NtfyAlertChannel(alert, options.Hostname),
            "webhook" => new WebhookAlertChannel(alert, options.Hostname, time),
            _ => throw new InvalidOperationException($"unknown alert type '{alert.Type}'"),
        }).ToList();
    }
}
