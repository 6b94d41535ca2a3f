using System.Collections.Concurrent;
using Lockbox.Receiving;

namespace Lockbox.Tests.Receiving.Support;

/// <summary>How the test intake ends a commit.</summary>
public enum CommitBehavior
{
    Store,
    DiskFull,
    TemporaryFailure,
    Throw,
}

/// <summary>
/// An intake that keeps drafts in memory. It accepts the configured local parts at
/// <c>recovery.example</c>, answers UnknownMailbox for other local parts there and RelayDenied
/// for every other domain (compared exactly, so a trailing dot or a literal is foreign).
/// </summary>
public sealed class RecordingIntake(params string[] localParts) : IMessageIntake
{
    public const string Domain = "recovery.example";

    private readonly ConcurrentQueue<RecordingDraft> _drafts = new();
    private readonly ConcurrentQueue<string> _checked = new();
    private int _nextId;

    public CommitBehavior Commit { get; set; } = CommitBehavior.Store;

    /// <summary>When set, recipients are decided by Lockbox's real policy instead.</summary>
    public RecipientPolicy? Policy { get; init; }

    public bool ThrowOnBegin { get; set; }

    public bool ThrowOnWrite { get; set; }

    /// <summary>Completes with each draft as BeginAsync creates it.</summary>
    public TaskCompletionSource<RecordingDraft> FirstDraft { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyCollection<RecordingDraft> Drafts => _drafts;

    public IReadOnlyCollection<RecordingDraft> Stored =>
        _drafts.Where(draft => draft.Committed).ToList();

    /// <summary>Every address CheckRecipient was asked about, in order.</summary>
    public IReadOnlyCollection<string> Checked => _checked;

    public RecipientDecision CheckRecipient(string address)
    {
        _checked.Enqueue(address);
        if (Policy is not null)
        {
            return Policy.Check(address);
        }

        var at = address.LastIndexOf('@');
        var local = address[..at];
        var domain = address[(at + 1)..];
        if (!string.Equals(domain, Domain, StringComparison.OrdinalIgnoreCase))
        {
            return new RecipientDecision(RecipientVerdict.RelayDenied);
        }

        return localParts.Contains(local, StringComparer.OrdinalIgnoreCase)
            ? new RecipientDecision(
                RecipientVerdict.Accepted, $"{local.ToLowerInvariant()}@{Domain}")
            : new RecipientDecision(RecipientVerdict.UnknownMailbox);
    }

    public Task<IMessageDraft> BeginAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        if (ThrowOnBegin)
        {
            throw new InvalidOperationException("begin failed on purpose");
        }

        var id = Interlocked.Increment(ref _nextId);
        var draft = new RecordingDraft(this, envelope, $"msg-{id}");
        _drafts.Enqueue(draft);
        FirstDraft.TrySetResult(draft);
        return Task.FromResult<IMessageDraft>(draft);
    }
}

/// <summary>One message as the engine handed it over.</summary>
public sealed class RecordingDraft(RecordingIntake intake, Envelope envelope, string id)
    : IMessageDraft
{
    private readonly MemoryStream _bytes = new();

    public Envelope Envelope { get; } = envelope;

    public bool Committed { get; private set; }

    public long Written => _bytes.Length;

    public byte[] Bytes => _bytes.ToArray();

    /// <summary>Completes when the engine disposes the draft.</summary>
    public TaskCompletionSource Disposed { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (intake.ThrowOnWrite)
        {
            throw new IOException("write failed on purpose");
        }

        _bytes.Write(bytes.Span);
        return ValueTask.CompletedTask;
    }

    public Task<StoreResult> CommitAsync(CancellationToken cancellationToken)
    {
        switch (intake.Commit)
        {
            case CommitBehavior.DiskFull:
                return Task.FromResult(StoreResult.DiskFull);
            case CommitBehavior.TemporaryFailure:
                return Task.FromResult(StoreResult.TemporaryFailure);
            case CommitBehavior.Throw:
                throw new InvalidOperationException("commit failed on purpose");
            default:
                Committed = true;
                return Task.FromResult(StoreResult.Stored(id));
        }
    }

    public ValueTask DisposeAsync()
    {
        Disposed.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
