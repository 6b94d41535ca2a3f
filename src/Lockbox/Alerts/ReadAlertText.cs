using System.Globalization;
using Lockbox.Summarizing;
using Lockbox.Vault;

namespace Lockbox.Alerts;

/// <summary>
/// The words of a read alert, for every channel: which id was asked for, how the attempt
/// ended, when, on which box and by which operating-system user. A read alert is built from the
/// <see cref="ReadAttempt"/> alone, so it has no way to the message's summary or content, and
/// every channel's <c>detail</c> level shows it whole.
/// </summary>
public static class ReadAlertText
{
    private const int MaxSubjectLength = 250;

    public static AlertText Render(ReadAttempt read, string boxHostname)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(boxHostname);

        var facts = Facts.Of(read, boxHostname);
        var sentence = Sentence(facts, read.Outcome);
        var body = string.Create(CultureInfo.InvariantCulture, $"""
            {sentence}.

            Read:     {Describe(read.Outcome)}
            Message:  {facts.Id}
            User:     {facts.User}
            When:     {facts.When}
            Box:      {facts.Host}

            Every read on the box is recorded; see them with: lockbox alerts
            If this was not you, someone can run lockbox on the box as {facts.User}.
            This alert holds no part of the message.

            """).ReplaceLineEndings("\n");

        return new AlertText(OneLine.Clean(sentence, MaxSubjectLength), body);
    }

    /// <summary>The outcome in words, e.g. <c>wrong passphrase</c>.</summary>
    public static string Describe(ReadOutcome outcome) => outcome switch
    {
        ReadOutcome.Opened => "opened",
        ReadOutcome.WrongPassphrase => "wrong passphrase",
        ReadOutcome.Damaged => "damaged file",
        _ => "no such message",
    };

    private static string Sentence(Facts facts, ReadOutcome outcome) => outcome switch
    {
        ReadOutcome.Opened =>
            $"Message {facts.Id} was opened on {facts.Host} at {facts.When} by user {facts.User}",
        ReadOutcome.WrongPassphrase =>
            $"A wrong passphrase was tried for message {facts.Id} on {facts.Host} at "
            + $"{facts.When} by user {facts.User}",
        ReadOutcome.Damaged =>
            $"Message {facts.Id} could not be opened on {facts.Host} at {facts.When} by user "
            + $"{facts.User}: its sealed file or the box key is missing or damaged",
        _ => $"A read of message {facts.Id}, which does not exist, was tried on {facts.Host} "
            + $"at {facts.When} by user {facts.User}",
    };

    /// <summary>Every value one clean line; the id and user name are defanged because a
    /// mistyped id is whatever someone typed.</summary>
    internal sealed record Facts(string Id, string Host, string User, string When)
    {
        public static Facts Of(ReadAttempt read, string boxHostname) => new(
            LinkDefanger.Defang(OneLine.Clean(read.MessageId, 100)),
            OneLine.Clean(boxHostname, 100),
            LinkDefanger.Defang(OneLine.Clean(read.User, 100)),
            read.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'",
                CultureInfo.InvariantCulture));
    }
}
