using Microsoft.Data.Sqlite;

namespace Lockbox.Vault.Sqlite;

/// <summary>Brings an index made by an older Lockbox up to the current schema: every column in
/// <see cref="SqliteSchema.AddedColumns"/> that is missing is added (existing rows get NULL).
/// </summary>
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
