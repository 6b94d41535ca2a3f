using System.Globalization;

namespace Lockbox.Receiving.Smtp;

/// <summary>
/// Every reply the engine sends, named in one place. Codes follow RFC 5321 §4.2.2 and §4.3.2,
/// enhanced codes RFC 3463 and RFC 6531 §3.7.4.
/// </summary>
internal static class SmtpReplies
{
    // connection
    public static SmtpReply Greeting(string hostname) => new(220, null, $"{hostname} ESMTP");

    public static readonly SmtpReply TooManySessions =
        new(421, "4.7.0", "Too many connections, try again later");

    public static readonly SmtpReply TooManyFromClient =
        new(421, "4.7.0", "Too many connections from your address, try again later");

    public static readonly SmtpReply TooManyErrors =
        new(421, "4.7.0", "Too many errors, closing connection");

    public static readonly SmtpReply ShuttingDown =
        new(421, "4.3.2", "Service shutting down, try again later");

    public static readonly SmtpReply Timeout = new(421, "4.4.2", "Timeout, closing connection");

    public static readonly SmtpReply Bye = new(221, "2.0.0", "Bye");

    // greeting commands (RFC 2034 §3: no enhanced codes here)
    public static SmtpReply Helo(string hostname) => new(250, null, hostname);

    public static SmtpReply Ehlo(string hostname, IEnumerable<string> extensions) =>
        new(250, null, [hostname, .. extensions]);

    // general
    public static readonly SmtpReply Ok = new(250, "2.0.0", "OK");

    public static readonly SmtpReply Help =
        new(214, "2.0.0", "See RFC 5321; commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT");

    public static readonly SmtpReply CannotVerify =
        new(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");

    public static readonly SmtpReply NotImplemented = new(502, "5.5.1", "Command not implemented");

    public static readonly SmtpReply UnknownCommand = new(500, "5.5.1", "Command unrecognized");

    public static readonly SmtpReply LineTooLong = new(500, "5.5.2", "Line too long");

    public static readonly SmtpReply BadLineEnding =
        new(500, "5.5.2", "Bad line ending; commands must end with CRLF");

    public static readonly SmtpReply SyntaxError = new(501, "5.5.4", "Syntax error in arguments");

    public static readonly SmtpReply BadSequence = new(503, "5.5.1", "Bad sequence of commands");

    public static readonly SmtpReply EhloFirst = new(503, "5.5.1", "Send EHLO or HELO first");

    public static readonly SmtpReply NestedMail = new(503, "5.5.1", "Sender already specified");

    public static readonly SmtpReply NeedRecipient = new(503, "5.5.1", "Need RCPT TO first");

    public static readonly SmtpReply NeedMail = new(503, "5.5.1", "Need MAIL FROM first");

    public static readonly SmtpReply UnknownParameter =
        new(555, "5.5.4", "Parameter not recognized or not implemented");

    // MAIL and RCPT
    public static readonly SmtpReply SenderOk = new(250, "2.1.0", "Sender OK");

    public static readonly SmtpReply BadSenderSyntax =
        new(501, "5.1.7", "Bad sender address syntax");

    public static readonly SmtpReply RecipientOk = new(250, "2.1.5", "Recipient OK");

    public static readonly SmtpReply BadRecipientSyntax =
        new(501, "5.1.3", "Bad recipient address syntax");

    public static readonly SmtpReply UnknownMailbox = new(550, "5.1.1", "No such mailbox here");

    public static readonly SmtpReply RelayDenied = new(554, "5.7.1", "Relay access denied");

    public static readonly SmtpReply TooManyRecipients = new(452, "4.5.3", "Too many recipients");

    public static readonly SmtpReply NeedsSmtpUtf8 =
        new(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");

    public static readonly SmtpReply SizeExceeded =
        new(552, "5.3.4", "Message size exceeds fixed maximum message size");

    // DATA
    public static readonly SmtpReply StartMailInput =
        new(354, "2.0.0", "Start mail input; end with <CRLF>.<CRLF>");

    public static SmtpReply Queued(string id) =>
        new(250, "2.0.0", string.Create(CultureInfo.InvariantCulture, $"OK queued as {id}"));

    // BDAT (RFC 3030 §2)
    public static SmtpReply ChunkReceived(long size) =>
        new(250, "2.0.0", string.Create(CultureInfo.InvariantCulture, $"{size} octets received"));

    public static readonly SmtpReply BareLineEnding =
        new(550, "5.6.11", "Bare CR or LF in message; lines must end with CRLF");

    public static readonly SmtpReply DataLineTooLong =
        new(500, "5.5.2", "Line too long in message data");

    public static readonly SmtpReply DiskFull =
        new(452, "4.3.1", "Insufficient system storage, try again later");

    public static readonly SmtpReply LocalError =
        new(451, "4.3.0", "Local error in processing, try again later");

    // STARTTLS (RFC 3207 §4)
    public static readonly SmtpReply ReadyForTls = new(220, "2.0.0", "Ready to start TLS");

    public static readonly SmtpReply TlsUnavailable = new(454, "4.7.0", "TLS not available");
}
