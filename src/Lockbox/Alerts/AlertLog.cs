using Microsoft.Extensions.Logging;

namespace Lockbox.Alerts;

/// <summary>
/// The dispatcher's log events. By construction they carry only ids, the channel name, the
/// attempt number and an <see cref="AlertErrorClass"/>: never a From, Subject, address, URL or
/// secret.
/// </summary>
internal static partial class AlertLog
{
    [LoggerMessage(EventId = 3001, EventName = "AlertSent", Level = LogLevel.Information,
        Message = "alert sent: delivery {DeliveryId} message {MessageId} channel {Channel} "
            + "attempt {Attempt}")]
    public static partial void Sent(
        ILogger logger, long deliveryId, string messageId, string channel, int attempt);

    [LoggerMessage(EventId = 3002, EventName = "AlertFailed", Level = LogLevel.Warning,
        Message = "alert failed: delivery {DeliveryId} message {MessageId} channel {Channel} "
            + "attempt {Attempt} error {ErrorClass}; next attempt {NextAttemptAt:o}")]
    public static partial void Failed(
        ILogger logger, long deliveryId, string messageId, string channel, int attempt,
        string errorClass, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 3003, EventName = "AlertGaveUp", Level = LogLevel.Error,
        Message = "alert given up after 48 h: delivery {DeliveryId} message {MessageId} "
            + "channel {Channel} attempt {Attempt} error {ErrorClass}")]
    public static partial void GaveUp(
        ILogger logger, long deliveryId, string messageId, string channel, int attempt,
        string errorClass);

    [LoggerMessage(EventId = 3004, EventName = "AlertQueueFailed", Level = LogLevel.Error,
        Message = "alert queue failed: {ErrorClass}; retrying")]
    public static partial void QueueFailed(ILogger logger, string errorClass);
}
