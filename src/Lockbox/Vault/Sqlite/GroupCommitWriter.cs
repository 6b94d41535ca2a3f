using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Lockbox.Vault.Sqlite;

/// <summary>
/// The single writer of the index. Work queued while a commit is on disk joins the next
/// transaction, so concurrent sessions share one fsync (group commit) instead of each paying
/// for its own; every caller still returns only after its own work is durable.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly SqliteConnection _connection;
    private readonly Channel<WriteRequest> _requests = Channel.CreateUnbounded<WriteRequest>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public GroupCommitWriter(SqliteConnection connection)
    {
        _connection = connection;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Runs <paramref name="work"/> inside a transaction; completes once
    /// committed.</summary>
    public Task WriteAsync(
        Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken cancellationToken)
    {
        var request = new WriteRequest(work, cancellationToken);
        ObjectDisposedException.ThrowIf(!_requests.Writer.TryWrite(request), this);

        return request.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteRequest>(MaxBatch);
        while (await _requests.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _requests.Reader.TryRead(out var request))
            {
                if (!request.CancellationToken.IsCancellationRequested)
                {
                    batch.Add(request);
                }
                else
                {
                    request.Completion.TrySetCanceled(request.CancellationToken);
                }
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch);
            }
        }
    }

    private async Task CommitAsync(List<WriteRequest> batch)
    {
        try
        {
            await using var transaction = _connection.BeginTransaction();
            foreach (var request in batch)
            {
                await request.Work(_connection, transaction);
            }

            await transaction.CommitAsync();
        }
#pragma warning disable CA1031 // every failure is handed to each waiting caller, none is lost
        catch (Exception exception)
#pragma warning restore CA1031
        {
            foreach (var request in batch)
            {
                request.Completion.TrySetException(exception);
            }

            return;
        }

        foreach (var request in batch)
        {
            request.Completion.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _loop;
    }

    private sealed record WriteRequest(
        Func<SqliteConnection, SqliteTransaction, Task> Work, CancellationToken CancellationToken)
    {
        public TaskCompletionSource Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
