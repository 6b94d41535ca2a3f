namespace Lockbox.Vault.Sqlite;

/// <summary>The index schema. Times are Unix milliseconds (UTC) so they compare as integers.
/// Only the clear summary lives here; bodies and other headers stay sealed.</summary>
/// <remarks>
/// <c>dispositions</c> says whether a message got its own alerts (<c>alerted</c>), a share of a
/// flood digest (<c>digest</c>) or none (<c>quiet</c>, with the reason); <c>arrivals</c> counts
/// messages per recovery address for the flood limit; <c>digests</c> marks the deliveries that
/// sum up a flood, with the address and the span they cover. <c>reads</c> records every
/// <c>lockbox read</c> (its <c>message_id</c> is what was asked for, so it may name no
/// message); a delivery tells either of a message (<c>message_id</c>) or of a read
/// (<c>read_id</c>), never both.
/// </remarks>
internal static class SqliteSchema
{
    public static readonly string Create = $"""
        CREATE TABLE IF NOT EXISTS messages (
            seq          INTEGER PRIMARY KEY,
            id           TEXT NOT NULL UNIQUE,
            received_ms  INTEGER NOT NULL,
            reverse_path TEXT NOT NULL,
            recipients   TEXT NOT NULL,
            size         INTEGER NOT NULL,
            from_summary TEXT NOT NULL,
            subject      TEXT NOT NULL,
            sender_check TEXT
        );
        CREATE TABLE IF NOT EXISTS reads (
            id         INTEGER PRIMARY KEY,
            at_ms      INTEGER NOT NULL,
            message_id TEXT NOT NULL,
            outcome    TEXT NOT NULL,
            os_user    TEXT NOT NULL
        );
        {DeliveriesTable("deliveries")}
        {DeliveriesDueIndex}
        CREATE TABLE IF NOT EXISTS dispositions (
            message_id  TEXT PRIMARY KEY REFERENCES messages(id),
            disposition TEXT NOT NULL,
            reason      TEXT
        );
        CREATE TABLE IF NOT EXISTS arrivals (
            address     TEXT NOT NULL,
            received_ms INTEGER NOT NULL,
            message_id  TEXT NOT NULL REFERENCES messages(id),
            digested    INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS arrivals_by_address ON arrivals (address, received_ms);
        CREATE TABLE IF NOT EXISTS digests (
            delivery_id INTEGER PRIMARY KEY REFERENCES deliveries(id),
            address     TEXT NOT NULL,
            since_ms    INTEGER NOT NULL,
            until_ms    INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS digests_open ON digests (address, until_ms);
        """;

    /// <summary>The deliveries table under <paramref name="name"/>: <see cref="SqliteMigration"/>
    /// rebuilds an older one (message_id NOT NULL, no read_id) through a new name.</summary>
    public static string DeliveriesTable(string name) => $$"""
        CREATE TABLE IF NOT EXISTS {{name}} (
            id              INTEGER PRIMARY KEY,
            message_id      TEXT REFERENCES messages(id),
            read_id         INTEGER REFERENCES reads(id),
            channel         TEXT NOT NULL,
            state           TEXT NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            queued_ms       INTEGER NOT NULL,
            next_attempt_ms INTEGER,
            sent_ms         INTEGER,
            last_error      TEXT,
            UNIQUE (message_id, channel),
            CHECK ((message_id IS NULL) <> (read_id IS NULL))
        );
        """;

    public const string DeliveriesDueIndex =
        "CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (state, next_attempt_ms);";

    /// <summary>Columns added after the first release: (table, column, definition). A database
    /// made before them gets each by ALTER TABLE when it is opened.</summary>
    public static readonly IReadOnlyList<(string Table, string Column, string Definition)>
        AddedColumns =
        [
            ("messages", "sender_check", "TEXT"),
        ];
}
