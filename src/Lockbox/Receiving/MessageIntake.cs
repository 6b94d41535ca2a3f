using Lockbox.Alerts;
using Lockbox.Authenticating;
using Lockbox.Configuration;
using Lockbox.Vault;
using Lockbox.Vault.Age;
using Microsoft.Extensions.Logging;

namespace Lockbox.Receiving;

/// <summary>
/// Lockbox's <see cref="IMessageIntake"/>: recipients are checked against the configured
/// addresses, and each message goes straight into the vault, sealed as it arrives.
/// </summary>
public sealed class MessageIntake(
    RecipientPolicy policy,
    VaultLayout layout,
    AgeX25519Recipient boxKey,
    IVaultIndex index,
    IntakeSettings settings,
    TimeProvider time,
    ILogger<MessageIntake> logger) : IMessageIntake
{
    public RecipientDecision CheckRecipient(string address) => policy.Check(address);

    public Task<IMessageDraft> BeginAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        var messageId = MessageIds.Create(time.GetUtcNow());
        SealedMessageWriter writer;
        try
        {
            writer = SealedMessageWriter.Create(layout, messageId, boxKey);
        }
#pragma warning disable CA1031 // any storage failure becomes a 4xx after DATA, never a crash
        catch (Exception exception)
#pragma warning restore CA1031
        {
            var failure = StorageFailed(exception, messageId);

            // the sender still sends its data, then learns to retry: a 452 for a full disk is
            // only possible after DATA, and an early 451 would tell it no more
            return Task.FromResult<IMessageDraft>(new FailedDraft(failure));
        }

        IMessageDraft draft = new VaultDraft(this, envelope, messageId, writer)
        {
            Copy = settings.SenderChecks is null ? null : new MessageCopy(settings.CopyLimit),
        };
        return Task.FromResult(draft);
    }

    internal async Task<StoreResult> CommitAsync(
        VaultDraft draft, CancellationToken cancellationToken)
    {
        try
        {
            // before the seal is committed: a session cut off while DNS answers leaves no file
            var verdict = await CheckSenderAsync(draft, cancellationToken);
            await draft.Writer.CommitAsync(cancellationToken);

            var summary = Summarize(draft);
            var message = new StoredMessage(
                draft.MessageId,
                time.GetUtcNow(),
                draft.Envelope.ReversePath,
                draft.Envelope.Recipients,
                draft.Size,
                summary.From,
                summary.Subject,
                verdict);
            await index.AddAsync(message, Plan(draft), cancellationToken);

            logger.LogInformation(
                "Stored message {MessageId}, {Size} bytes, {Recipients} recipients",
                draft.MessageId, draft.Size, draft.Envelope.Recipients.Count);
            settings.OnStored?.Invoke(draft.MessageId);
            return StoreResult.Stored(draft.MessageId);
        }
#pragma warning disable CA1031 // every storage failure is a temporary reply: the sender retries
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return StorageFailed(exception, draft.MessageId);
        }
    }

    /// <summary>The temporary reply for a storage failure (452 for a full disk, else 451),
    /// logged with the message id and the error class only.</summary>
    internal StoreResult StorageFailed(Exception exception, string messageId)
    {
        var failure = StorageFailures.Classify(exception);
        LogStorageFailure(exception, messageId, failure.Outcome);
        return failure;
    }

    internal byte[] TraceHeader(Envelope envelope, string messageId) =>
        ReceivedHeader.Format(envelope, settings.Hostname, messageId, time.GetUtcNow());

    private async Task<SenderVerdict?> CheckSenderAsync(
        VaultDraft draft, CancellationToken cancellationToken)
    {
        if (settings.SenderChecks is null || draft.Copy is null)
            return null;

        try
        {
            return await settings.SenderChecks.CheckAsync(draft.MessageId, draft.Envelope,
                draft.Capture.Headers, draft.Copy, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // a verdict must never cost a message: the alert then says it was not checked
            logger.LogError("Sender check of message {MessageId} failed: {ErrorType}",
                draft.MessageId, exception.GetType().Name);
            return null;
        }
    }

    private Summarizing.MessageSummary Summarize(VaultDraft draft)
    {
        try
        {
            return Summarizing.MessageSummarizer.Summarize(
                draft.Capture.Headers, draft.Envelope.ReversePath);
        }
#pragma warning disable CA1031 // a summary must never cost a message; it is sealed already
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogError("Summary of message {MessageId} failed: {ErrorType}",
                draft.MessageId, exception.GetType().Name);
            return new Summarizing.MessageSummary("(unreadable From)", "(unreadable subject)");
        }
    }

    private AlertPlan Plan(VaultDraft draft)
    {
        var recipients = draft.Envelope.Recipients;
        var flood = settings.Flood ?? FloodOptions.Default;
        if (settings.Routing is not { } routing)
        {
            return AlertPlan.Everyone(settings.AlertChannels, recipients) with { Flood = flood };
        }

        var routes = routing.Routes(recipients);
        var quiet = routes.Count == 0 ? "mail to the alerts' own sender" : LoopReason(draft);
        return new AlertPlan(routes, flood, quiet);
    }

    private string? LoopReason(VaultDraft draft)
    {
        try
        {
            var prefix = draft.ReportPrefix?.WrittenMemory ?? default;
            return LoopRule.Reason(
                draft.Capture.Headers, prefix, draft.Envelope.ReversePath, settings.Hostname);
        }
#pragma warning disable CA1031 // when in doubt the owner is told: a check must never cost a message
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogError("Loop check of message {MessageId} failed: {ErrorType}",
                draft.MessageId, exception.GetType().Name);
            return null;
        }
    }

    private void LogStorageFailure(Exception exception, string messageId, StoreOutcome outcome)
    {
        // the exception type and errno class only: paths and messages can carry client text
        logger.LogError(
            "Storage failed for message {MessageId}: {Outcome} ({ErrorType}, {HResult})",
            messageId, outcome, exception.GetType().Name, exception.HResult);
    }
}

/// <summary>What the intake needs from the configuration besides the vault itself.</summary>
/// <param name="Hostname">Named in the Received header.</param>
/// <param name="AlertChannels">Channel names that get one pending delivery per message.</param>
/// <param name="OnStored">Called after a message is durable (wakes the alert dispatcher).</param>
public sealed record IntakeSettings(
    string Hostname, IReadOnlyList<string> AlertChannels, Action<string>? OnStored)
{
    /// <summary>SPF, DKIM and DMARC for every message; null to store messages unchecked.
    /// </summary>
    public SenderAuthenticator? SenderChecks { get; init; }

    /// <summary>Largest message kept in memory for DKIM; larger ones are not DKIM-checked.
    /// </summary>
    public int CopyLimit { get; init; } = MessageCopy.DefaultLimit;

    /// <summary>Which channels serve which recipients; null: every channel serves all.</summary>
    public AlertRouting? Routing { get; init; }

    /// <summary>The flood limit per recovery address; null: the defaults.</summary>
    public FloodOptions? Flood { get; init; }
}
