using Lockbox.Alerts;
using Lockbox.Configuration;
using Microsoft.Extensions.Logging;

namespace Lockbox.Hosting;

/// <summary>Builds the configured alert channels.</summary>
public static class AlertChannelFactory
{
    public static IReadOnlyList<IAlertChannel> Create(
        LockboxOptions options, TextWriter console, ILoggerFactory loggers)
    {
        return options.Alerts.Select(alert => alert.Type switch
        {
            "email" => (IAlertChannel)new EmailAlertChannel(alert, options.Hostname,
                loggers.CreateLogger<EmailAlertChannel>()),
            "console" => new ConsoleAlertChannel(alert.Name, options.Hostname, console),
            _ => throw new InvalidOperationException($"unknown alert type '{alert.Type}'"),
        }).ToList();
    }
}
