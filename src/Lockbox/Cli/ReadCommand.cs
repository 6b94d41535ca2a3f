using System.CommandLine;
using Lockbox.Reading;
using Lockbox.Vault;
using Lockbox.Vault.Sqlite;

namespace Lockbox.Cli;

/// <summary><c>lockbox read ID</c>: unlocks the box with the passphrase and shows one
/// message.</summary>
public static class ReadCommand
{
    public static Command Create(Option<FileInfo?> configOption)
    {
        var id = new Argument<string>("id") { Description = "The message id from 'lockbox list'" };
        var raw = new Option<bool>("--raw")
        {
            Description = "Write the stored message bytes (Received header + what was sent)",
        };
        var command = new Command("read", "Decrypt and show one message") { id, raw };
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(async () =>
        {
            var box = ConfigResolution.Resolve(parse.GetValue(configOption), createTrial: false);
            var messageId = parse.GetValue(id)!;
            await EnsureExistsAsync(box, messageId, cancellationToken);

            var passphrase = PassphraseSource.Obtain(box);
            using var identity = await new BoxKeys(box.Layout).UnlockAsync(
                passphrase, cancellationToken);
            var reader = new SealedMessageReader(box.Layout, identity);

            if (parse.GetValue(raw))
            {
                await using var stdout = Console.OpenStandardOutput();
                await reader.CopyToAsync(messageId, stdout, cancellationToken);
                return ExitCodes.Ok;
            }

            // decrypted into memory only for the parser; it never touches the disk in the clear
            using var plain = new MemoryStream();
            await reader.CopyToAsync(messageId, plain, cancellationToken);
            plain.Position = 0;
            await MessagePrinter.PrintAsync(plain, Console.Out, cancellationToken);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task EnsureExistsAsync(
        BoxContext box, string messageId, CancellationToken cancellationToken)
    {
        var notFound = new CliException($"no message with id '{Printable(messageId)}'",
            ExitCodes.NotFound);
        if (!MessageIds.IsWellFormed(messageId) || !File.Exists(box.Layout.IndexDatabase))
        {
            throw notFound;
        }

        await using var index =
            await SqliteVaultIndex.OpenAsync(box.Layout.IndexDatabase, cancellationToken);
        if (await index.FindAsync(messageId, cancellationToken) is null
            || !File.Exists(box.Layout.SealedMessagePath(messageId)))
        {
            throw notFound;
        }
    }

    private static string Printable(string text) =>
        new(text.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
