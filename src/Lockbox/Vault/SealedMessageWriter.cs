using Lockbox.Vault.Age;

namespace Lockbox.Vault;

/// <summary>
/// Writes one message sealed to the box's public key, straight from the wire: plaintext never
/// touches the disk. The file lives in <c>incoming/</c> until <see cref="CommitAsync"/> makes it
/// durable and moves it into <c>messages/</c>; disposing before that deletes it.
/// </summary>
public sealed class SealedMessageWriter : IAsyncDisposable
{
    private readonly VaultLayout _layout;
    private readonly string _messageId;
    private readonly FileStream _file;
    private readonly AgeEncryptingStream _sealing;
    private bool _committed;

    private SealedMessageWriter(
        VaultLayout layout, string messageId, FileStream file, AgeEncryptingStream sealing)
    {
        _layout = layout;
        _messageId = messageId;
        _file = file;
        _sealing = sealing;
    }

    public static SealedMessageWriter Create(
        VaultLayout layout, string messageId, AgeX25519Recipient recipient)
    {
        PrivateFolder.Create(layout.IncomingFolder);
        var file = new FileStream(layout.IncomingPath(messageId), FileMode.CreateNew,
            FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        try
        {
            var sealing = AgeWriter.CreateEncryptingStream(file, [recipient], leaveOpen: true);
            return new SealedMessageWriter(layout, messageId, file, sealing);
        }
        catch
        {
            file.Dispose();
            File.Delete(layout.IncomingPath(messageId));
            throw;
        }
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        _sealing.WriteAsync(bytes, cancellationToken);

    /// <summary>Seals the last chunk, fsyncs the file, renames it into place and fsyncs the
    /// folder: after this returns the message survives a power loss.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _sealing.CompleteAsync(cancellationToken);
        await _sealing.DisposeAsync();
        await _file.FlushAsync(cancellationToken);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync();

        PrivateFolder.Create(_layout.MessagesFolder);
        File.Move(_layout.IncomingPath(_messageId), _layout.SealedMessagePath(_messageId));
        DirectorySync.Flush(_layout.MessagesFolder);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_committed)
        {
            return;
        }

        // an unfinished message is discarded: no final chunk, so it could never pass as whole
        _sealing.Abandon();
        await _sealing.DisposeAsync();
        await _file.DisposeAsync();
        File.Delete(_layout.IncomingPath(_messageId));
    }
}
