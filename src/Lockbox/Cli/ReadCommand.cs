using System.CommandLine;
using Lockbox.Hosting;
using Lockbox.Reading;
using Lockbox.Vault;
using Lockbox.Vault.Age;
using Lockbox.Vault.Sqlite;
using Microsoft.Extensions.Logging;

namespace Lockbox.Cli;

/// <summary><c>lockbox read ID</c>: unlocks the box with the passphrase and shows one
/// message. Every attempt (opened, wrong passphrase, no such id) is recorded in the index with
/// an alert on every channel before anything is shown.</summary>
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
            using var loggers = Logging.Create();

            // a box that has never stored anything has nothing to read and nothing to record
            await using var index = await box.OpenIndexIfPresentAsync(cancellationToken)
                ?? throw NotFound(messageId);
            var recorder = new ReadRecorder(index, [.. box.Options.Alerts.Select(a => a.Name)],
                TimeProvider.System, loggers.CreateLogger(typeof(ReadCommand)));

            if (!await ExistsAsync(box, index, messageId, cancellationToken))
            {
                await recorder.RecordAsync(messageId, ReadOutcome.NoSuchMessage,
                    cancellationToken);
                throw NotFound(messageId);
            }

            var passphrase = PassphraseSource.Obtain(box);
            using var identity = await UnlockAsync(box, passphrase, recorder, messageId,
                cancellationToken);

            // recorded before a byte is shown: a read that cannot be recorded shows nothing
            await recorder.RecordAsync(messageId, ReadOutcome.Opened, cancellationToken);
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
        BoxContext box, string passphrase, ReadRecorder recorder, string messageId,
        CancellationToken cancellationToken)
    {
        try
        {
            return await new BoxKeys(box.Layout).UnlockAsync(passphrase, cancellationToken);
        }
        catch (AgeDecryptionException)
        {
            // the interesting attempt: someone without the passphrase tried
            await recorder.RecordAsync(messageId, ReadOutcome.WrongPassphrase, cancellationToken);
            throw new CliException("wrong passphrase", ExitCodes.Refused);
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

    private static async Task<bool> ExistsAsync(
        BoxContext box, SqliteVaultIndex index, string messageId,
        CancellationToken cancellationToken) =>
        MessageIds.IsWellFormed(messageId)
        && await index.FindAsync(messageId, cancellationToken) is not null
        && File.Exists(box.Layout.SealedMessagePath(messageId));

    private static CliException NotFound(string messageId) =>
        new($"no message with id '{ReadAttempt.Printable(messageId)}'", ExitCodes.NotFound);
}
