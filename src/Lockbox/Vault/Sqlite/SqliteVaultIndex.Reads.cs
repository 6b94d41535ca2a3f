using Microsoft.Data.Sqlite;

namespace Lockbox.Vault.Sqlite;

/// <summary>Reads recorded with their alerts: one durable step, so a read that was shown is
/// always told.</summary>
public sealed partial class SqliteVaultIndex
{
    public Task RecordReadAsync(
        ReadAttempt read, IReadOnlyList<string> channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(channels);

        return _writer.WriteAsync(async (connection, transaction) =>
        {
            var at = read.At.ToUnixTimeMilliseconds();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO reads (at_ms, message_id, outcome, os_user)
                VALUES ($at, $id, $outcome, $user)
                RETURNING id
                """;
            insert.Parameters.AddWithValue("$at", at);
            insert.Parameters.AddWithValue("$id", read.MessageId);
            insert.Parameters.AddWithValue("$outcome", ReadAttempt.Name(read.Outcome));
            insert.Parameters.AddWithValue("$user", read.User);
            var readId = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;

            foreach (var channel in channels.Distinct(StringComparer.Ordinal))
                await QueueReadAsync(connection, transaction, readId, channel, at,
                    cancellationToken);
        }, cancellationToken);
    }

    // a read delivery has no message_id, so (message_id, channel) never makes two reads of one
    // message collide: NULLs are distinct in a UNIQUE constraint
    private static async Task QueueReadAsync(
        SqliteConnection connection, SqliteTransaction transaction, long readId, string channel,
        long now, CancellationToken cancellationToken)
    {
        await using var queue = connection.CreateCommand();
        queue.Transaction = transaction;
        queue.CommandText = """
            INSERT INTO deliveries (read_id, channel, state, queued_ms, next_attempt_ms)
            VALUES ($read, $channel, 'pending', $now, $now)
            """;
        queue.Parameters.AddWithValue("$read", readId);
        queue.Parameters.AddWithValue("$channel", channel);
        queue.Parameters.AddWithValue("$now", now);
        await queue.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string ReadColumns = "r.message_id, r.at_ms, r.outcome, r.os_user";

    private static ReadAttempt? ReadRead(SqliteDataReader reader, int first) =>
        reader.IsDBNull(first) ? null : new ReadAttempt(
            reader.GetString(first),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 1)),
            ReadAttempt.Parse(reader.GetString(first + 2)),
            reader.GetString(first + 3));
}
