namespace Lockbox.Receiving;

/// <summary>A draft whose storage already failed: it swallows the data so the reply can be
/// given after DATA, where the sender expects it.</summary>
internal sealed class FailedDraft(StoreResult failure) : IMessageDraft
{
    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    public Task<StoreResult> CommitAsync(CancellationToken cancellationToken) =>
        Task.FromResult(failure);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
