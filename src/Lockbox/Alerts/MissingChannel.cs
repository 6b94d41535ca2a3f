namespace Lockbox.Alerts;

/// <summary>
/// Stands in for a channel that a queued delivery names but the configuration no longer has:
/// every attempt fails, so the delivery follows the retry schedule (the channel may come back
/// with the next configuration) and is given up after 48 hours, visibly.
/// </summary>
internal sealed class MissingChannel(string name) : IAlertChannel
{
    public string Name { get; } = name;

    public Task SendAsync(PendingAlert alert, CancellationToken cancellationToken) =>
        throw new ChannelNotConfiguredException();
}

/// <summary>The delivery's channel is not in the configuration.</summary>
public sealed class ChannelNotConfiguredException : Exception
{
    public ChannelNotConfiguredException()
        : base("alert channel is not configured")
    {
    }

    public ChannelNotConfiguredException(string message)
        : base(message)
    {
    }

    public ChannelNotConfiguredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
