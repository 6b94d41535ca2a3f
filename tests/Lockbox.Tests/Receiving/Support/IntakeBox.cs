using System.Net;
using Lockbox.Alerts;
using Lockbox.Configuration;
using Lockbox.Receiving;
using Lockbox.Vault;
using Lockbox.Vault.Age;
using Lockbox.Vault.Sqlite;
using Lockbox.Tests.Alerts;

namespace Lockbox.Tests.Receiving.Support;

/// <summary>
/// The real intake over a real vault in a temp folder (SQLite index, sealed files), driven
/// without SMTP, with a fake clock: for routing, loop and flood rules, which are decided
/// between the final dot and the 250.
/// </summary>
internal sealed class IntakeBox : IAsyncDisposable
{
    public const string Host = "mx.recovery.example";

    private readonly TempFolder _folder = new();
    private readonly AgeX25519Identity _key = AgeX25519Identity.Generate();
    private readonly IReadOnlyList<AlertOptions> _alerts;
    private readonly FloodOptions _flood;
    private MessageIntake _intake = null!;

    private IntakeBox(IReadOnlyList<AlertOptions> alerts, FloodOptions flood)
    {
        _alerts = alerts;
        _flood = flood;
    }

    public static readonly DateTimeOffset Start = new(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);

    /// <summary>The intake's clock; pass it to a dispatcher too, so both share fake time.</summary>
    public WatchedClock Clock { get; } = new(Start);

    public SqliteVaultIndex Index { get; private set; } = null!;

    /// <summary>Every line the intake logged.</summary>
    public CapturingLogger<MessageIntake> Log { get; } = new();

    public VaultLayout Layout => new(_folder.Path);

    public static async Task<IntakeBox> OpenAsync(
        IReadOnlyList<AlertOptions> alerts, FloodOptions? flood = null)
    {
        var box = new IntakeBox(alerts, flood ?? FloodOptions.Default);
        await box.ReopenAsync();
        return box;
    }

    /// <summary>Closes and opens the index again, as a restart does.</summary>
    public async Task ReopenAsync()
    {
        if (Index is not null)
            await Index.DisposeAsync();

        Index = await SqliteVaultIndex.OpenAsync(Layout.IndexDatabase, CancellationToken.None);
        _intake = new MessageIntake(
            new RecipientPolicy([]), Layout, _key.Recipient, Index,
            new IntakeSettings(Host, [.. _alerts.Select(a => a.Name)], null)
            {
                Routing = new AlertRouting(_alerts),
                Flood = _flood,
            },
            Clock, Log);
    }

    /// <summary>Stores one message as the SMTP session would after the final dot.</summary>
    public async Task<string> StoreAsync(
        byte[] message, string reversePath, params string[] recipients)
    {
        var envelope = new Envelope(
            new IPEndPoint(IPAddress.Loopback, 40000), "client.example", reversePath,
            recipients, "ESMTP");
        await using var draft = await _intake.BeginAsync(envelope, CancellationToken.None);
        await draft.WriteAsync(message, CancellationToken.None);
        var result = await draft.CommitAsync(CancellationToken.None);
        return result.MessageId ?? throw new InvalidOperationException(result.ToString());
    }

    public Task<string> StoreAsync(
        string message, string reversePath, params string[] recipients) =>
        StoreAsync(System.Text.Encoding.UTF8.GetBytes(message), reversePath, recipients);

    /// <summary>Every delivery queued so far, by (message, channel).</summary>
    public async Task<IReadOnlyList<DeliveryStatus>> DeliveriesAsync() =>
        await Index.ListDeliveriesAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Index.DisposeAsync();
        _key.Dispose();
        Clock.Dispose();
        _folder.Dispose();
    }
}
