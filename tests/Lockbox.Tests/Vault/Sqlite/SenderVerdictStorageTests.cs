using Lockbox.Authenticating;
using Lockbox.Authenticating.Dmarc;
using Lockbox.Vault;
using Lockbox.Vault.Sqlite;
using Microsoft.Data.Sqlite;

namespace Lockbox.Tests.Vault.Sqlite;

/// <summary>The sender verdict is kept in the index row, and an index made before the verdict
/// existed gains its column when opened.</summary>
public sealed class SenderVerdictStorageTests : IDisposable
{
    private static readonly SenderVerdict Verdict = new("bank.example", AuthResult.Pass,
        ["bank.example", "mailer.example"], AuthResult.SoftFail, "bounces.bank.example",
        AuthResult.Pass, DmarcPolicy.Quarantine, null,
        [new SenderExpectation("lastpass-7f3k@recovery.example", true)]);

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Verdict_round_trips_through_the_index()
    {
        await using var index = await SqliteVaultIndex.OpenAsync(
            folder.Combine("lockbox.db"), CancellationToken.None);

        await index.AddAsync(Message("m1", Verdict), ["console"], CancellationToken.None);
        await index.AddAsync(Message("m2", null), ["console"], CancellationToken.None);
        var listed = await index.ListAsync(CancellationToken.None);
        var due = await index.GetDueAsync(DateTimeOffset.MaxValue, 10, false,
            CancellationToken.None);

        AssertSameVerdict(Verdict, listed[0].Sender);
        Assert.Null(listed[1].Sender);
        AssertSameVerdict(Verdict, due.Single(d => d.MessageId == "m1").StoredMessage.Sender);
    }

    [Fact]
    public async Task Index_from_before_sender_checks_gains_the_column_and_keeps_its_rows()
    {
        var path = folder.Combine("old.db");
        await CreateOldIndexAsync(path);

        await using (var index = await SqliteVaultIndex.OpenAsync(path, CancellationToken.None))
        {
            await index.AddAsync(Message("new", Verdict), [], CancellationToken.None);
            var listed = await index.ListAsync(CancellationToken.None);

            Assert.Equal(["old", "new"], listed.Select(m => m.Id));
            Assert.Null(listed[0].Sender);
            AssertSameVerdict(Verdict, listed[1].Sender);
        }

        // opening again finds the column and adds nothing
        await using var again = await SqliteVaultIndex.OpenAsync(path, CancellationToken.None);
        Assert.Equal(2, (await again.ListAsync(CancellationToken.None)).Count);
    }

    private static void AssertSameVerdict(SenderVerdict expected, SenderVerdict? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { DkimDomains = [], Expectations = [] },
            actual with { DkimDomains = [], Expectations = [] });
        Assert.Equal(expected.DkimDomains, actual.DkimDomains);
        Assert.Equal(expected.Expectations, actual.Expectations);
    }

    private static StoredMessage Message(string id, SenderVerdict? verdict) => new(id,
        DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), "a@bank.example",
        ["lastpass-7f3k@recovery.example"], 42, "Bank <a@bank.example>", "Hello", verdict);

    // the schema as the first release wrote it, with one message in it
    private static async Task CreateOldIndexAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE messages (
                seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, received_ms INTEGER NOT NULL,
                reverse_path TEXT NOT NULL, recipients TEXT NOT NULL, size INTEGER NOT NULL,
                from_summary TEXT NOT NULL, subject TEXT NOT NULL);
            INSERT INTO messages (id, received_ms, reverse_path, recipients, size, from_summary,
                subject) VALUES ('old', 1, '', 'a@recovery.example', 1, 'x', 'y');
            """;
        await command.ExecuteNonQueryAsync();
    }
}
