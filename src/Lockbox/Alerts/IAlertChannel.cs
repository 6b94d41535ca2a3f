namespace Lockbox.Alerts;

/// <summary>One way of telling the owner. A channel sees only the index row, never
/// content.</summary>
public interface IAlertChannel
{
    /// <summary>The configured channel name (queue key).</summary>
    string Name { get; }

    /// <summary>How many alerts the dispatcher may hand this channel at once; one unless the
    /// channel is safe to call concurrently.</summary>
    int Concurrency => 1;

    /// <summary>Delivers one alert; throws on failure so the dispatcher can retry.</summary>
    Task SendAsync(PendingAlert alert, CancellationToken cancellationToken);
}
