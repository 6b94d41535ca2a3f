using Microsoft.Data.Sqlite;

namespace Lockbox.Vault.Sqlite;

/// <summary>Opens connections with the settings durability depends on.</summary>
internal static class SqliteConnections
{
    public static async Task<SqliteConnection> OpenAsync(
        string databasePath, bool readOnly, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            // readers are opened for every dispatcher query: keep them (and their parsed
            // schema) open; the one writer is opened once anyway
            Pooling = readOnly,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);

        // WAL lets `lockbox list` read while `serve` writes; FULL fsyncs the WAL at every
        // commit, which is what lets a 250 follow a commit
        var pragmas = readOnly
            ? "PRAGMA busy_timeout = 30000;"
            : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;"
              + " PRAGMA foreign_keys = ON;";
        await using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
