using Microsoft.Data.Sqlite;

namespace Lockbox.Vault.Sqlite;

/// <summary>Brings an index made by an older Lockbox up to the current schema: every column in
/// <see cref="SqliteSchema.AddedColumns"/> that is missing is added (existing rows get NULL),
/// and a deliveries table from before reads were recorded is rebuilt (see
/// <see cref="RebuildDeliveriesAsync"/>).</summary>
internal static class SqliteMigration
{
    public static async Task AddMissingColumnsAsync(
        SqliteConnection connection, CancellationToken cancellationToken)
    {
        foreach (var (table, column, definition) in SqliteSchema.AddedColumns)
        {
            if (await HasColumnAsync(connection, table, column, cancellationToken))
                continue;

            // names come from the constant list above, never from input
#pragma warning disable CA2100
            await using var alter = connection.CreateCommand();
            alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
#pragma warning restore CA2100
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>A deliveries table without <c>read_id</c> has <c>message_id NOT NULL</c>, which
    /// SQLite cannot drop in place: the table is copied into the current definition under a new
    /// name, dropped and the copy renamed (SQLite's documented way to change a table), all in
    /// one transaction. Foreign keys are off meanwhile, as that procedure requires, and checked
    /// before the commit.</summary>
    public static async Task RebuildDeliveriesAsync(
        SqliteConnection connection, CancellationToken cancellationToken)
    {
        if (await HasColumnAsync(connection, "deliveries", "read_id", cancellationToken))
            return;

        await ExecuteAsync(connection, "PRAGMA foreign_keys = OFF;", cancellationToken);
        try
        {
            // IMMEDIATE: a second process opening the same old index waits, then sees it done
            await ExecuteAsync(connection, "BEGIN IMMEDIATE;", cancellationToken);
            try
            {
                if (!await HasColumnAsync(connection, "deliveries", "read_id", cancellationToken))
                    await CopyDeliveriesAsync(connection, cancellationToken);

                await ExecuteAsync(connection, "COMMIT;", cancellationToken);
            }
            catch
            {
                await ExecuteAsync(connection, "ROLLBACK;", CancellationToken.None);
                throw;
            }
        }
        finally
        {
            await ExecuteAsync(connection, "PRAGMA foreign_keys = ON;", CancellationToken.None);
        }
    }

    private static async Task CopyDeliveriesAsync(
        SqliteConnection connection, CancellationToken cancellationToken)
    {
        const string Columns = "id, message_id, channel, state, attempts, queued_ms, "
            + "next_attempt_ms, sent_ms, last_error";
        await ExecuteAsync(connection, SqliteSchema.DeliveriesTable("deliveries_rebuilt")
            + $"INSERT INTO deliveries_rebuilt ({Columns}) SELECT {Columns} FROM deliveries;"
            + "DROP TABLE deliveries;"
            + "ALTER TABLE deliveries_rebuilt RENAME TO deliveries;"
            + SqliteSchema.DeliveriesDueIndex, cancellationToken);

        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA foreign_key_check;";
        await using var reader = await check.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
            throw new InvalidOperationException("index rebuild broke a foreign key; rolled back");
    }

    private static async Task ExecuteAsync(
        SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        // only constant SQL from this class and SqliteSchema, never input
#pragma warning disable CA2100
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> HasColumnAsync(
        SqliteConnection connection, string table, string column,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$column", column);
        var count = await command.ExecuteScalarAsync(cancellationToken);
        return count is long n && n > 0;
    }
}
