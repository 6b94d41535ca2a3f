using System.CommandLine;
using System.Globalization;
using Lockbox.Vault;

namespace Lockbox.Cli;

/// <summary><c>lockbox list</c>: one line per message, oldest first; needs no passphrase,
/// because the index holds only what alerts already told.</summary>
public static class ListCommand
{
    public const string Separator = "  ";

    public static Command Create(Option<FileInfo?> configOption)
    {
        var command = new Command("list", "List stored messages (no passphrase needed)");
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(async () =>
        {
            var box = ConfigResolution.Resolve(parse.GetValue(configOption), createTrial: false);
            await using var index = await box.OpenIndexIfPresentAsync(cancellationToken);
            if (index is null)
            {
                return ExitCodes.Ok;
            }

            foreach (var message in await index.ListAsync(cancellationToken))
            {
                await Console.Out.WriteLineAsync(FormatLine(message));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary><c>ID  RECEIVED  RECIPIENT  FROM  SUBJECT</c>, RECEIVED in UTC ISO 8601.</summary>
    public static string FormatLine(StoredMessage message) => string.Join(Separator,
        message.Id,
        message.ReceivedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ",
            CultureInfo.InvariantCulture),
        string.Join(',', message.Recipients),
        message.From,
        message.Subject);
}
