using System.Net;
using Microsoft.Extensions.Logging;

namespace Lockbox.Receiving.Smtp;

/// <summary>
/// The engine's log events. They carry ids, sizes, counts, outcomes and the client IP only:
/// never an address, a subject or any other text the client sent.
/// </summary>
// TODO: no metrics yet (sessions, messages by outcome, bytes); these log events are the only
// record until a documented metrics contract exists.
internal static partial class SmtpLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information,
        Message = "SMTP listening on {Endpoint}")]
    public static partial void Listening(ILogger logger, IPEndPoint endpoint);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "SMTP session ended: client {Client}, {Commands} commands, "
            + "{Messages} messages accepted, {DurationMs} ms, {Reason}")]
    public static partial void SessionEnded(
        ILogger logger, IPAddress client, int commands, int messages, long durationMs,
        string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information,
        Message = "SMTP message: client {Client}, id {MessageId}, {Size} bytes, {Outcome}")]
    public static partial void Message(
        ILogger logger, IPAddress client, string? messageId, long size, string outcome);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning,
        Message = "SMTP connection refused: client {Client}, {Reason}")]
    public static partial void Refused(ILogger logger, IPAddress client, string reason);

    // Only the exception type: intake exceptions may quote addresses.
    [LoggerMessage(EventId = 1104, Level = LogLevel.Error,
        Message = "SMTP {Step} failed: client {Client}, {ExceptionType}")]
    public static partial void Failed(
        ILogger logger, string step, IPAddress client, string exceptionType);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning,
        Message = "SMTP accept failed on {Endpoint}: {SocketError}")]
    public static partial void AcceptFailed(
        ILogger logger, IPEndPoint endpoint, string socketError);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning,
        Message = "SMTP stop: {Count} sessions did not finish within the grace period")]
    public static partial void Aborting(ILogger logger, int count);
}
