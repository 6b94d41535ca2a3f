using Lockbox.Alerts;
using Microsoft.Data.Sqlite;

namespace Lockbox.Vault.Sqlite;

/// <summary>The default <see cref="IVaultIndex"/>: one SQLite file in WAL mode.</summary>
public sealed partial class SqliteVaultIndex : IVaultIndex
{
    private const char RecipientSeparator = '\n';

    private readonly string _databasePath;
    private readonly SqliteConnection _writeConnection;
    private readonly GroupCommitWriter _writer;

    private SqliteVaultIndex(string databasePath, SqliteConnection writeConnection)
    {
        _databasePath = databasePath;
        _writeConnection = writeConnection;
        _writer = new GroupCommitWriter(writeConnection);
    }

    /// <summary>Opens (creating when missing) the index at <paramref
    /// name="databasePath"/>.</summary>
    public static async Task<SqliteVaultIndex> OpenAsync(
        string databasePath, CancellationToken cancellationToken)
    {
        PrivateFolder.Create(Path.GetDirectoryName(databasePath)!);
        var connection = await SqliteConnections.OpenAsync(databasePath, false, cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = SqliteSchema.Create;
            await command.ExecuteNonQueryAsync(cancellationToken);
            await SqliteMigration.AddMissingColumnsAsync(connection, cancellationToken);
            await SqliteMigration.RebuildDeliveriesAsync(connection, cancellationToken);
            return new SqliteVaultIndex(databasePath, connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task AddAsync(
        StoredMessage message, AlertPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(plan);

        return _writer.WriteAsync(async (connection, transaction) =>
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO messages
                    (id, received_ms, reverse_path, recipients, size, from_summary, subject,
                     sender_check)
                VALUES ($id, $received, $reverse, $recipients, $size, $from, $subject, $sender)
                """;
            insert.Parameters.AddWithValue("$id", message.Id);
            insert.Parameters.AddWithValue("$received",
                message.ReceivedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$reverse", message.ReversePath);
            insert.Parameters.AddWithValue("$recipients",
                string.Join(RecipientSeparator, message.Recipients));
            insert.Parameters.AddWithValue("$size", message.Size);
            insert.Parameters.AddWithValue("$from", message.From);
            insert.Parameters.AddWithValue("$subject", message.Subject);
            insert.Parameters.AddWithValue("$sender",
                (object?)SenderVerdictJson.Write(message.Sender) ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken);

            await AlertPlanWriter.WriteAsync(
                connection, transaction, message, plan, cancellationToken);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredMessage>> ListAsync(CancellationToken cancellationToken)
    {
        return await QueryMessagesAsync("ORDER BY seq", null, cancellationToken);
    }

    public async Task<StoredMessage?> FindAsync(
        string messageId, CancellationToken cancellationToken)
    {
        var found = await QueryMessagesAsync("WHERE id = $id", messageId, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<PendingAlert>> GetDueAsync(
        DateTimeOffset now, int limit, bool ignoreSchedule, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT d.id, d.channel, d.attempts, d.queued_ms, g.address, g.since_ms, g.until_ms,
                {DigestCount}, {MessageColumns}, {ReadColumns}
            FROM deliveries d LEFT JOIN messages m ON m.id = d.message_id
                LEFT JOIN digests g ON g.delivery_id = d.id
                LEFT JOIN reads r ON r.id = d.read_id
            WHERE d.state = 'pending' AND ($ignore = 1 OR d.next_attempt_ms <= $now)
                AND (g.until_ms IS NULL OR g.until_ms <= $now)
            ORDER BY d.next_attempt_ms, d.id
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$ignore", ignoreSchedule ? 1 : 0);

        var due = new List<PendingAlert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new PendingAlert(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(8) ? null : ReadMessage(reader, 8),
                reader.GetInt32(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)))
            {
                Digest = reader.IsDBNull(4) ? null : new AlertDigest(
                    reader.GetString(4),
                    reader.GetInt32(7),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))),
                Read = ReadRead(reader, 16),
            });
        }

        return due;
    }

    public async Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT MIN(next_attempt_ms) FROM deliveries WHERE state = 'pending'";
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is long milliseconds
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;
    }

    public Task MarkSentAsync(
        long deliveryId, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        return UpdateDeliveryAsync("""
            UPDATE deliveries SET state = 'sent', attempts = attempts + 1, sent_ms = $at,
                next_attempt_ms = NULL, last_error = NULL
            WHERE id = $id
            """, deliveryId, sentAt.ToUnixTimeMilliseconds(), null, cancellationToken);
    }

    public Task MarkFailedAsync(
        long deliveryId,
        string error,
        DateTimeOffset? nextAttemptAt,
        CancellationToken cancellationToken)
    {
        var sql = nextAttemptAt is null
            ? """
              UPDATE deliveries SET state = 'failed', attempts = attempts + 1,
                  next_attempt_ms = NULL, last_error = $error
              WHERE id = $id
              """
            : """
              UPDATE deliveries SET attempts = attempts + 1, next_attempt_ms = $at,
                  last_error = $error
              WHERE id = $id
              """;
        return UpdateDeliveryAsync(
            sql, deliveryId, nextAttemptAt?.ToUnixTimeMilliseconds(), error, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _writeConnection.DisposeAsync();
    }

    // the digested messages for the digest's address within its span, itself included
    private const string DigestCount = """
        (SELECT COUNT(*) FROM arrivals a WHERE g.address IS NOT NULL AND a.address = g.address
            AND a.digested = 1 AND a.received_ms >= g.since_ms AND a.received_ms < g.until_ms)
        """;

    private const string MessageColumns =
        "m.id, m.received_ms, m.reverse_path, m.recipients, m.size, m.from_summary, m.subject, "
        + "m.sender_check";

    private Task UpdateDeliveryAsync(
        string sql, long deliveryId, long? at, string? error, CancellationToken cancellationToken)
    {
        return _writer.WriteAsync(async (connection, transaction) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$id", deliveryId);
            command.Parameters.AddWithValue("$at", (object?)at ?? DBNull.Value);
            command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    private async Task<IReadOnlyList<StoredMessage>> QueryMessagesAsync(
        string clause, string? messageId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {MessageColumns} FROM messages m {clause}";
        if (messageId is not null)
        {
            command.Parameters.AddWithValue("$id", messageId);
        }

        var messages = new List<StoredMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(ReadMessage(reader, 0));
        }

        return messages;
    }

    private static StoredMessage ReadMessage(SqliteDataReader reader, int first) => new(
        reader.GetString(first),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 1)),
        reader.GetString(first + 2),
        reader.GetString(first + 3).Split(RecipientSeparator),
        reader.GetInt64(first + 4),
        reader.GetString(first + 5),
        reader.GetString(first + 6),
        SenderVerdictJson.Read(reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7)));

    private Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken) =>
        SqliteConnections.OpenAsync(_databasePath, readOnly: true, cancellationToken);
}
