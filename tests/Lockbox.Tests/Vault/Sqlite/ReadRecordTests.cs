using Lockbox.Vault;
using Lockbox.Vault.Sqlite;
using Microsoft.Data.Sqlite;

namespace Lockbox.Tests.Vault.Sqlite;

/// <summary>Reads recorded in the index, each with one pending alert per channel in the queue
/// the dispatcher reads; and an index from before reads is rebuilt without losing a row.
/// </summary>
public sealed class ReadRecordTests : IDisposable
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(
        1_700_000_000_000);

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Read_queues_one_delivery_per_channel_that_tells_of_the_read_only()
    {
        await using var index = await OpenAsync();
        await index.AddAsync(Message("m1"), [], CancellationToken.None);

        await index.RecordReadAsync(Read("m1", ReadOutcome.Opened), ["mail", "phone"],
            CancellationToken.None);
        var due = await index.GetDueAsync(At, 10, false, CancellationToken.None);

        Assert.Equal(["mail", "phone"], due.Select(d => d.Channel).Order());
        Assert.All(due, d =>
        {
            Assert.Null(d.Message);
            Assert.Equal(Read("m1", ReadOutcome.Opened), d.Read);
            Assert.Equal("m1", d.MessageId);
        });
    }

    // (message_id, channel) is unique for message alerts: a second read must not collide
    [Fact]
    public async Task Second_read_of_one_message_is_a_second_delivery()
    {
        await using var index = await OpenAsync();
        await index.AddAsync(Message("m1"), [], CancellationToken.None);

        await index.RecordReadAsync(Read("m1", ReadOutcome.WrongPassphrase), ["mail"],
            CancellationToken.None);
        await index.RecordReadAsync(Read("m1", ReadOutcome.Opened), ["mail"],
            CancellationToken.None);
        var due = await index.GetDueAsync(At, 10, false, CancellationToken.None);

        Assert.Equal([ReadOutcome.WrongPassphrase, ReadOutcome.Opened],
            due.Select(d => d.Read!.Outcome));
    }

    // deliveries.message_id references messages: a read of no such id must not break that
    [Fact]
    public async Task Read_of_an_id_no_message_has_is_recorded_and_listed()
    {
        await using var index = await OpenAsync();

        await index.RecordReadAsync(Read("nope", ReadOutcome.NoSuchMessage), ["mail"],
            CancellationToken.None);
        var listed = await index.ListDeliveriesAsync(CancellationToken.None);

        var delivery = Assert.Single(listed);
        Assert.Equal(("nope", "mail", "pending", ReadOutcome.NoSuchMessage),
            (delivery.MessageId, delivery.Channel, delivery.State, delivery.ReadOutcome));
        Assert.Null(delivery.DigestCount);
    }

    [Fact]
    public async Task Sent_read_delivery_is_no_longer_due()
    {
        await using var index = await OpenAsync();
        await index.RecordReadAsync(Read("m9", ReadOutcome.Opened), ["mail"],
            CancellationToken.None);
        var due = Assert.Single(await index.GetDueAsync(At, 10, false, CancellationToken.None));

        await index.MarkSentAsync(due.DeliveryId, At, CancellationToken.None);

        Assert.Empty(await index.GetDueAsync(At, 10, true, CancellationToken.None));
        Assert.Null(await index.GetNextDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Index_from_before_reads_is_rebuilt_and_keeps_deliveries_and_digests()
    {
        var path = folder.Combine("old.db");
        await CreateOldIndexAsync(path);

        await using (var index = await SqliteVaultIndex.OpenAsync(path, CancellationToken.None))
        {
            await index.RecordReadAsync(Read("old", ReadOutcome.Opened), ["mail"],
                CancellationToken.None);
            var listed = await index.ListDeliveriesAsync(CancellationToken.None);

            Assert.Equal([(5L, "old", "sent", (ReadOutcome?)null, (int?)1),
                    (6L, "old", "pending", ReadOutcome.Opened, null)],
                listed.Select(d => (d.DeliveryId, d.MessageId, d.State, d.ReadOutcome,
                    d.DigestCount)));
        }

        // opening again changes nothing; the rebuilt table still checks its foreign keys
        await using (var again = await SqliteVaultIndex.OpenAsync(path, CancellationToken.None))
            Assert.Equal(2, (await again.ListDeliveriesAsync(CancellationToken.None)).Count);

        var refused = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(path,
            "PRAGMA foreign_keys = ON; INSERT INTO deliveries (message_id, channel, state, "
            + "queued_ms) VALUES ('ghost', 'mail', 'pending', 1)"));
        Assert.Equal(19, refused.SqliteErrorCode); // SQLITE_CONSTRAINT
    }

    private Task<SqliteVaultIndex> OpenAsync() =>
        SqliteVaultIndex.OpenAsync(folder.Combine("lockbox.db"), CancellationToken.None);

    private static ReadAttempt Read(string id, ReadOutcome outcome) =>
        new(id, At, outcome, "alice");

    private static StoredMessage Message(string id) => new(id, At, "a@bank.example",
        ["lastpass-7f3k@recovery.example"], 42, "Bank <a@bank.example>", "Hello");

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    // deliveries as written before reads were recorded (message_id NOT NULL), with a sent
    // message alert whose id a digest row refers to
    private static Task CreateOldIndexAsync(string path) => ExecuteAsync(path, """
        CREATE TABLE messages (
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, received_ms INTEGER NOT NULL,
            reverse_path TEXT NOT NULL, recipients TEXT NOT NULL, size INTEGER NOT NULL,
            from_summary TEXT NOT NULL, subject TEXT NOT NULL, sender_check TEXT);
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY, message_id TEXT NOT NULL REFERENCES messages(id),
            channel TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
            queued_ms INTEGER NOT NULL, next_attempt_ms INTEGER, sent_ms INTEGER,
            last_error TEXT, UNIQUE (message_id, channel));
        CREATE INDEX deliveries_due ON deliveries (state, next_attempt_ms);
        CREATE TABLE digests (
            delivery_id INTEGER PRIMARY KEY REFERENCES deliveries(id), address TEXT NOT NULL,
            since_ms INTEGER NOT NULL, until_ms INTEGER NOT NULL);
        CREATE TABLE arrivals (address TEXT NOT NULL, received_ms INTEGER NOT NULL,
            message_id TEXT NOT NULL REFERENCES messages(id), digested INTEGER NOT NULL);
        INSERT INTO messages (id, received_ms, reverse_path, recipients, size, from_summary,
            subject) VALUES ('old', 1, '', 'a@recovery.example', 1, 'x', 'y');
        INSERT INTO deliveries (id, message_id, channel, state, attempts, queued_ms, sent_ms)
            VALUES (5, 'old', 'mail', 'sent', 1, 1, 2);
        INSERT INTO arrivals VALUES ('a@recovery.example', 1, 'old', 1);
        INSERT INTO digests VALUES (5, 'a@recovery.example', 0, 10);
        """);
}
