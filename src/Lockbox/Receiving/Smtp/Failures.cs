namespace Lockbox.Receiving.Smtp;

/// <summary>Which exceptions from the intake are its failures rather than our cancellation.
/// </summary>
internal static class Failures
{
    /// <summary>
    /// True for anything the intake threw except the cancellation the session asked for: those
    /// become a 4yz reply, while our own cancellation ends the session.
    /// </summary>
    public static bool IsFailure(Exception exception, CancellationToken ct) =>
        exception is not OperationCanceledException || !ct.IsCancellationRequested;
}
