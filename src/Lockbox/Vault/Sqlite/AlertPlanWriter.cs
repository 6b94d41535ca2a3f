using Lockbox.Alerts;
using Microsoft.Data.Sqlite;

namespace Lockbox.Vault.Sqlite;

/// <summary>
/// Records a message's <see cref="AlertPlan"/> inside the transaction that adds the message, so
/// the flood count sees every message committed before it, in the same batch included, and a
/// restart loses none of it.
/// </summary>
/// <remarks>
/// Flood rule: a message whose every served recipient has had at least <c>limit</c> messages in
/// the last <c>window</c> gets no alert of its own; instead each channel serving such an address
/// has one digest delivery per window, due at the window's end, that counts the digested
/// messages for that address in its span. Once an address gets fewer messages than the limit in
/// a window, its messages are alerted one by one again.
/// </remarks>
internal static class AlertPlanWriter
{
    public static async Task WriteAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        StoredMessage message,
        AlertPlan plan,
        CancellationToken cancellationToken)
    {
        var now = message.ReceivedAt.ToUnixTimeMilliseconds();
        if (plan.Quiet is not null || plan.Routes.Count == 0)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO dispositions (message_id, disposition, reason)
                VALUES ($id, 'quiet', $reason)
                """, cancellationToken, ("$id", message.Id),
                ("$reason", plan.Quiet ?? "served by no channel"));
            return;
        }

        var addresses = plan.Routes.SelectMany(r => r.Addresses)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var digested = plan.Flood.Enabled;
        foreach (var address in addresses)
        {
            digested = digested && await IsFloodingAsync(
                connection, transaction, address, now, plan, cancellationToken);
        }

        foreach (var address in addresses)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO arrivals (address, received_ms, message_id, digested)
                VALUES ($address, $now, $id, $digested)
                """, cancellationToken, ("$address", address.ToLowerInvariant()), ("$now", now),
                ("$id", message.Id), ("$digested", digested ? 1 : 0));
        }

        await ExecuteAsync(connection, transaction, """
            INSERT INTO dispositions (message_id, disposition) VALUES ($id, $disposition)
            """, cancellationToken, ("$id", message.Id),
            ("$disposition", digested ? "digest" : "alerted"));

        foreach (var route in plan.Routes)
        {
            if (!digested)
            {
                await QueueAsync(connection, transaction, message.Id, route.Channel, now,
                    cancellationToken);
                continue;
            }

            foreach (var address in route.Addresses)
            {
                await JoinDigestAsync(connection, transaction, message.Id, route.Channel,
                    address.ToLowerInvariant(), now, plan, cancellationToken);
            }
        }
    }

    private static async Task<bool> IsFloodingAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string address,
        long now,
        AlertPlan plan,
        CancellationToken cancellationToken)
    {
        // counting stops at the limit, so a long flood costs no more than a short one
        var count = await ScalarAsync(connection, transaction, """
            SELECT COUNT(*) FROM (
                SELECT 1 FROM arrivals
                WHERE address = $address AND received_ms > $since AND received_ms <= $now
                LIMIT $limit)
            """, cancellationToken, ("$address", address.ToLowerInvariant()),
            ("$since", now - (long)plan.Flood.Window.TotalMilliseconds), ("$now", now),
            ("$limit", plan.Flood.Limit));
        return count >= plan.Flood.Limit;
    }

    private static async Task JoinDigestAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string messageId,
        string channel,
        string address,
        long now,
        AlertPlan plan,
        CancellationToken cancellationToken)
    {
        // an open digest (its window not over, so not yet due) counts this message when it goes
        // TODO: a message stamped just before a window's end whose commit lands after the
        // digest was read for sending is counted by no digest (it is stored and listed).
        var open = await ScalarAsync(connection, transaction, """
            SELECT COUNT(*) FROM digests g JOIN deliveries d ON d.id = g.delivery_id
            WHERE g.address = $address AND d.channel = $channel AND g.until_ms > $now
                AND g.since_ms <= $now AND d.state = 'pending'
            """, cancellationToken, ("$address", address), ("$channel", channel), ("$now", now));
        if (open > 0)
            return;

        var until = now + (long)plan.Flood.Window.TotalMilliseconds;
        var deliveryId = await QueueAsync(
            connection, transaction, messageId, channel, now, cancellationToken, dueAt: until);
        await ExecuteAsync(connection, transaction, """
            INSERT OR IGNORE INTO digests (delivery_id, address, since_ms, until_ms)
            VALUES ($delivery, $address, $since, $until)
            """, cancellationToken, ("$delivery", deliveryId), ("$address", address),
            ("$since", now), ("$until", until));
    }

    private static async Task<long> QueueAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string messageId,
        string channel,
        long now,
        CancellationToken cancellationToken,
        long? dueAt = null)
    {
        // TODO: a message to two flooding addresses served by one channel would need two
        // digests, but (message, channel) is unique: the second address gets none until its
        // next digested message starts one (INSERT OR IGNORE below)
        return await ScalarAsync(connection, transaction, """
            INSERT INTO deliveries (message_id, channel, state, queued_ms, next_attempt_ms)
            VALUES ($id, $channel, 'pending', $now, $due)
            ON CONFLICT (message_id, channel) DO UPDATE SET channel = excluded.channel
            RETURNING id
            """, cancellationToken, ("$id", messageId), ("$channel", channel), ("$now", now),
            ("$due", dueAt ?? now));
    }

    private static async Task ExecuteAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static SqliteCommand Command(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string sql,
        (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);

        return command;
    }
}
