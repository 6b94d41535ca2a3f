using Lockbox.Alerts;
using Microsoft.Data.Sqlite;

namespace Lockbox.Vault.Sqlite;

/// <summary>What <c>lockbox alerts</c> reads: every delivery, and the messages kept without
/// an alert.</summary>
public sealed partial class SqliteVaultIndex
{
    public async Task<IReadOnlyList<DeliveryStatus>> ListDeliveriesAsync(
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT d.id, COALESCE(d.message_id, r.message_id), d.channel, d.state, d.attempts,
                d.queued_ms, d.next_attempt_ms, d.sent_ms, d.last_error,
                CASE WHEN g.address IS NULL THEN NULL ELSE {DigestCount} END, r.outcome
            FROM deliveries d LEFT JOIN digests g ON g.delivery_id = d.id
                LEFT JOIN reads r ON r.id = d.read_id
            ORDER BY d.id
            """;

        var deliveries = new List<DeliveryStatus>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(new DeliveryStatus(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetInt32(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                Time(reader, 6),
                Time(reader, 7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetInt32(9))
            {
                ReadOutcome = reader.IsDBNull(10) ? null : ReadAttempt.Parse(reader.GetString(10)),
            });
        }

        return deliveries;
    }

    public async Task<IReadOnlyList<QuietMessage>> ListQuietAsync(
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT q.message_id, q.reason FROM dispositions q JOIN messages m ON m.id = q.message_id
            WHERE q.disposition = 'quiet' ORDER BY m.seq
            """;

        var quiet = new List<QuietMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            quiet.Add(new QuietMessage(reader.GetString(0), reader.GetString(1)));

        return quiet;
    }

    private static DateTimeOffset? Time(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column)
            ? null
            : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));
}
