using Lockbox.Alerts;
using Lockbox.Cli;
using Lockbox.Vault;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Lockbox.Reading;

/// <summary>
/// Records each <c>lockbox read</c> in the index with one alert per configured channel, which a
/// running <c>serve</c> sends (its dispatcher polls the queue). A read is recorded before the
/// message is shown; a read that cannot be recorded is refused, so no read goes untold.
/// </summary>
// TODO: with no serve running, a read's alert waits in the queue until serve starts; sending
// from the CLI would need the channels' lanes and retries here, which the brief keeps in serve.
public sealed partial class ReadRecorder(
    IVaultIndex index, IReadOnlyList<string> channels, TimeProvider time, ILogger logger)
{
    /// <summary>Records the attempt under the current operating-system user.</summary>
    /// <exception cref="CliException">The index refused the record: nothing may be shown.
    /// </exception>
    public async Task RecordAsync(
        string requestedId, ReadOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestedId);

        var read = new ReadAttempt(
            ReadAttempt.Printable(requestedId), time.GetUtcNow(), outcome, Environment.UserName);
        try
        {
            await index.RecordReadAsync(read, channels, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // the one line on stderr is the report; the error class keeps paths and SQL out
            var errorClass = error is SqliteException sqlite
                ? $"sqlite error {sqlite.SqliteErrorCode}"
                : AlertErrorClass.Of(error);
            throw new CliException(
                $"cannot record this read in the index ({errorClass}), so nothing is shown",
                ExitCodes.ConfigError);
        }

        Recorded(logger, read.MessageId, ReadAttempt.Name(outcome));
    }

    [LoggerMessage(EventId = 4001, EventName = "ReadRecorded", Level = LogLevel.Information,
        Message = "read recorded: message {MessageId} outcome {Outcome}")]
    private static partial void Recorded(ILogger logger, string messageId, string outcome);
}
