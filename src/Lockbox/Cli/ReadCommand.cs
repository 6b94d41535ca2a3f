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

            if (!await IsIndexedAsync(index, messageId, cancellationToken))
            {
                await recorder.RecordAsync(messageId, ReadOutcome.NoSuchMessage,
                    cancellationToken);
                throw NotFound(messageId);
            }

            var passphrase = PassphraseSource.Obtain(box);
            using var identity = await UnlockAsync(box, passphrase, recorder, messageId,
                cancellationToken);

            // decrypted whole, in memory only (never on disk in the clear), before the read is
            // recorded: a missing or damaged file is recorded as such, not as opened
            using var plain = await DecryptAsync(box, identity, recorder, messageId,
                cancellationToken);

            // recorded before a byte is shown: a read that cannot be recorded shows nothing
            await recorder.RecordAsync(messageId, ReadOutcome.Opened, cancellationToken);
            if (parse.GetValue(raw))
            {
                await using var stdout = Console.OpenStandardOutput();
                await plain.CopyToAsync(stdout, cancellationToken);
                return ExitCodes.Ok;
            }

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
            await recorder.RecordAsync(messageId, ReadOutcome.Damaged, cancellationToken);
            throw new CliException(
                $"the box key {box.Layout.KeyFile} is damaged: {e.Message}", ExitCodes.Damaged);
        }
    }

    private static async Task<MemoryStream> DecryptAsync(
        BoxContext box, AgeX25519Identity identity, ReadRecorder recorder, string messageId,
        CancellationToken cancellationToken)
    {
        var plain = new MemoryStream();
        try
        {
            if (!File.Exists(box.Layout.SealedMessagePath(messageId)))
                throw new CliException($"message '{messageId}' is damaged: its sealed file "
                    + $"{box.Layout.SealedMessagePath(messageId)} is missing", ExitCodes.Damaged);

            await new SealedMessageReader(box.Layout, identity)
                .CopyToAsync(messageId, plain, cancellationToken);
            plain.Position = 0;
            return plain;
        }
        catch (Exception e) when (e is AgeException or CliException)
        {
            // the key is already unlocked here, so the passphrase is right: the file is at fault
            await plain.DisposeAsync();
            await recorder.RecordAsync(messageId, ReadOutcome.Damaged, cancellationToken);
            throw e as CliException ?? new CliException(
                $"message '{messageId}' is damaged and cannot be opened: {e.Message}",
                ExitCodes.Damaged);
        }
    }

    private static async Task<bool> IsIndexedAsync(
        SqliteVaultIndex index, string messageId, CancellationToken cancellationToken) =>
        MessageIds.IsWellFormed(messageId)
        && await index.FindAsync(messageId, cancellationToken) is not null;

    private static CliException NotFound(string messageId) =>
        new($"no message with id '{ReadAttempt.Printable(messageId)}'", ExitCodes.NotFound);
}
