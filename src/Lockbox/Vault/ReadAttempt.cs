namespace Lockbox.Vault;

/// <summary>How one <c>lockbox read</c> ended, as the index records it.</summary>
public enum ReadOutcome
{
    /// <summary>The passphrase unlocked the box; the message was about to be shown.</summary>
    Opened,

    /// <summary>The passphrase did not unlock the box key.</summary>
    WrongPassphrase,

    /// <summary>No message has the id asked for.</summary>
    NoSuchMessage,

    /// <summary>The message is indexed, but its sealed file or the box key is missing or
    /// damaged: the passphrase was right and nothing could be shown.</summary>
    Damaged,
}

/// <summary>One attempt to read a message, recorded in the index before anything is shown and
/// told on every alert channel. It never holds the passphrase or any part of the message.
/// </summary>
/// <param name="MessageId">The id asked for: a well-formed id, or the request made printable
/// and short (see <see cref="Printable"/>) when it names no message.</param>
/// <param name="At">When the attempt was made (UTC).</param>
/// <param name="User">The operating-system user who ran the command.</param>
public sealed record ReadAttempt(
    string MessageId, DateTimeOffset At, ReadOutcome Outcome, string User)
{
    private const int MaxIdLength = 64;

    /// <summary>The outcome as stored and shown: <c>opened</c>, <c>wrong-passphrase</c>,
    /// <c>no-such-id</c> or <c>damaged</c>.</summary>
    public static string Name(ReadOutcome outcome) => outcome switch
    {
        ReadOutcome.Opened => "opened",
        ReadOutcome.WrongPassphrase => "wrong-passphrase",
        ReadOutcome.Damaged => "damaged",
        _ => "no-such-id",
    };

    public static ReadOutcome Parse(string name) => name switch
    {
        "opened" => ReadOutcome.Opened,
        "wrong-passphrase" => ReadOutcome.WrongPassphrase,
        "damaged" => ReadOutcome.Damaged,
        _ => ReadOutcome.NoSuchMessage,
    };

    /// <summary>Whatever was typed as an id, cut to 64 characters with anything outside
    /// printable ASCII replaced by <c>?</c>, so it is safe in a log line or an alert.</summary>
    public static string Printable(string requested)
    {
        ArgumentNullException.ThrowIfNull(requested);

        return new string([.. requested.Take(MaxIdLength)
            .Select(c => c is >= ' ' and <= '~' ? c : '?')]);
    }
}
