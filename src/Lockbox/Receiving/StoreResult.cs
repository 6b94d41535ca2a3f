namespace Lockbox.Receiving;

/// <summary>How storing one message ended; the SMTP reply follows from it alone.</summary>
public enum StoreOutcome
{
    /// <summary>Durable: sealed file, index row and pending alerts are on disk. 250.</summary>
    Stored,

    /// <summary>The disk is full: 452 4.3.1 so the sender retries.</summary>
    DiskFull,

    /// <summary>Any other storage failure: 451 4.3.0 so the sender retries.</summary>
    TemporaryFailure,
}

/// <summary>The outcome and, when stored, the id that <c>lockbox read</c> takes.</summary>
public sealed record StoreResult(StoreOutcome Outcome, string? MessageId = null)
{
    public static StoreResult Stored(string messageId) => new(StoreOutcome.Stored, messageId);

    public static readonly StoreResult DiskFull = new(StoreOutcome.DiskFull);

    public static readonly StoreResult TemporaryFailure = new(StoreOutcome.TemporaryFailure);
}
