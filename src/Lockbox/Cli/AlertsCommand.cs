using System.CommandLine;
using System.Globalization;
using Lockbox.Alerts;
using Lockbox.Vault;

namespace Lockbox.Cli;

/// <summary><c>lockbox alerts</c>: one line per alert delivery, oldest first, with its state
/// and last error, then the messages kept without an alert. Needs no passphrase: errors are
/// stored as <see cref="AlertErrorClass"/> names, never a server's text or a secret.</summary>
public static class AlertsCommand
{
    public static Command Create(Option<FileInfo?> configOption)
    {
        var command = new Command("alerts", "Show pending, sent and failing alert deliveries");
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(async () =>
        {
            var box = ConfigResolution.Resolve(parse.GetValue(configOption), createTrial: false);
            await using var index = await box.OpenIndexIfPresentAsync(cancellationToken);
            if (index is null)
            {
                return ExitCodes.Ok;
            }

            foreach (var delivery in await index.ListDeliveriesAsync(cancellationToken))
            {
                await Console.Out.WriteLineAsync(FormatLine(delivery));
            }

            foreach (var quiet in await index.ListQuietAsync(cancellationToken))
            {
                await Console.Out.WriteLineAsync(
                    $"-  {quiet.MessageId}  -  not-alerted  {quiet.Reason}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary><c>DELIVERY  MESSAGE  CHANNEL  STATE  attempts N  WHEN[  digest of N][  read
    /// OUTCOME][  last error: E]</c>; STATE is pending, failing (pending after an error), sent or
    /// failed (given up); a read's MESSAGE is the id it asked for.</summary>
    public static string FormatLine(DeliveryStatus delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);

        var state = delivery.State == "pending" && delivery.LastError is not null
            ? "failing"
            : delivery.State;
        var when = state switch
        {
            "sent" => $"sent {Time(delivery.SentAt)}",
            "failed" => "given up",
            _ => $"next {Time(delivery.NextAttemptAt)}",
        };
        var parts = new List<string>
        {
            delivery.DeliveryId.ToString(CultureInfo.InvariantCulture),
            delivery.MessageId,
            delivery.Channel,
            state,
            string.Create(CultureInfo.InvariantCulture, $"attempts {delivery.Attempts}"),
            when,
        };
        if (delivery.DigestCount is { } count)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"digest of {count}"));

        if (delivery.ReadOutcome is { } read)
            parts.Add("read " + ReadAttempt.Name(read));

        if (delivery.LastError is { } error)
            parts.Add($"last error: {error}");

        return string.Join(ListCommand.Separator, parts);
    }

    private static string Time(DateTimeOffset? at) => at is { } value
        ? value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
        : "-";
}
