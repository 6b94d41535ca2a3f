using System.CommandLine;
using Lockbox.Reading;
using Lockbox.Vault;
using Lockbox.Vault.Age;
using Lockbox.Vault.Sqlite;

namespace Lockbox.Cli;

/// <summary><c>lockbox read ID</c>: unlocks the box with the passphrase and shows one message.</summary>
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
            using var identity = await UnlockAsync(box, passphrase, cancellationToken);
            var reader = new SealedMessageReader(box.Layout, identity);

            if (parse.GetValue(raw))
            {
                await using var stdout = Console.OpenStandardOutput();
                await OpenAsync(reader, messageId, stdout, cancellationToken);
                return ExitCodes.Ok;
            }

            // decrypted into memory only for the parser; it never touches the disk in the clear
            using var plain = new MemoryStream();
            await OpenAsync(reader, messageId, plain, cancellationToken);
            plain.Position = 0;
            await MessagePrinter.PrintAsync(plain, Console.Out, cancellationToken);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<AgeX25519Identity> UnlockAsync(
        BoxContext box, string passphrase, CancellationToken cancellationToken)
    {
        try
        {
            return await new BoxKeys(box.Layout).UnlockAsync(passphrase, cancellationToken);
        }
        catch (AgeFormatException e)
        {
            // a wrong passphrase fails authentication; a key file that is not age is damaged
            throw new CliException(
                $"the box key {box.Layout.KeyFile} is damaged: {e.Message}", ExitCodes.Damaged);
        }
    }

    private static async Task OpenAsync(SealedMessageReader reader, string messageId,
        Stream output, CancellationToken cancellationToken)
    {
        try
        {
            await reader.CopyToAsync(messageId, output, cancellationToken);
        }
        catch (AgeException e)
        {
            // the key is already unlocked here, so the passphrase is right: the file is at fault
            throw new CliException(
                $"message '{messageId}' is damaged and cannot be opened: {e.Message}",
                ExitCodes.Damaged);
        }
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
