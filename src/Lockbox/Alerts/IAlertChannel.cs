namespace Lockbox.Alerts;

/// <summary>One way of telling the owner. A channel sees only the index row, never content.</summary>
public interface IAlertChannel
{
    /// <summary>The configured channel name (queue key).</summary>
    string Name { get; }

    /// <summary>Delivers one alert; throws on failure so the dispatcher can retry.</summary>
    Task SendAsync(PendingAlert alert, CancellationToken cancellationToken);
}
