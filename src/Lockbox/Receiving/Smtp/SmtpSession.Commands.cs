using System.Globalization;

namespace Lockbox.Receiving.Smtp;

/// <summary>The command state machine: greeted, in a transaction, or neither.</summary>
internal sealed partial class SmtpSession
{
    private string? _helo;
    private bool _extended;
    private SmtpTransaction? _transaction;

    /// <summary>Runs one command; false when the session must end (QUIT, failed TLS).</summary>
    private async Task<bool> ExecuteAsync(string line, CancellationToken ct)
    {
        // CR, NUL and other controls have no place in a command (RFC 5321 §4.1.1)
        if (line.Any(char.IsControl))
        {
            Reply(SmtpReplies.SyntaxError);
            return true;
        }

        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? line : line[..space]).ToUpperInvariant();
        var argument = space < 0 ? "" : line[(space + 1)..].TrimEnd(' ');
        if (_chunked is not null && verb is not ("BDAT" or "NOOP" or "HELP"))
        {
            // RFC 3030 §2: a chunked message continues with BDAT only; anything else ends it
            await DiscardChunkedAsync();
            if (verb is not ("RSET" or "QUIT" or "EHLO" or "HELO" or "STARTTLS"))
            {
                _transaction = null;
                Reply(SmtpReplies.BadSequence);
                return true;
            }
        }

        switch (verb)
        {
            case "EHLO" or "HELO":
                Reply(Greet(argument, extended: verb == "EHLO"));
                return true;
            case "MAIL":
                Reply(Mail(argument));
                return true;
            case "RCPT":
                Reply(Recipient(argument));
                return true;
            case "DATA":
                return await DataAsync(argument, ct);
            case "BDAT":
                return await ChunkCommandAsync(argument, ct);
            case "STARTTLS":
                return await StartTlsCommandAsync(argument, ct);
            case "QUIT":
                _connection.Write(SmtpReplies.Bye);
                return false;
        }

        Reply(verb switch
        {
            "RSET" when argument.Length > 0 => SmtpReplies.SyntaxError,
            "RSET" => Reset(),
            "NOOP" => SmtpReplies.Ok,
            "VRFY" when argument.Length == 0 => SmtpReplies.SyntaxError,
            // §3.5.3: 252 neither confirms nor denies that a (secret) address exists
            "VRFY" => SmtpReplies.CannotVerify,
            "EXPN" => SmtpReplies.NotImplemented,
            "HELP" => SmtpReplies.Help,
            _ => SmtpReplies.UnknownCommand,
        });
        return true;
    }

    // §4.1.1.1 and §4.1.4: EHLO/HELO may come again at any time and reset the transaction.
    private SmtpReply Greet(string name, bool extended)
    {
        if (!MailSyntax.IsDomain(name))
        {
            return SmtpReplies.SyntaxError;
        }

        _helo = name;
        _extended = extended;
        _transaction = null;
        if (!extended)
        {
            return SmtpReplies.Helo(_options.Hostname);
        }

        // BINARYMIME (RFC 3030 §3) is not offered: a message must still be CRLF lines
        List<string> extensions =
        [
            "PIPELINING",
            "8BITMIME",
            "SMTPUTF8",
            string.Create(CultureInfo.InvariantCulture, $"SIZE {_options.MaxMessageSize}"),
            "ENHANCEDSTATUSCODES",
            "CHUNKING",
        ];
        if (!_connection.IsTls && Certificate() is not null)
        {
            extensions.Add("STARTTLS");
        }

        return SmtpReplies.Ehlo(_options.Hostname, extensions);
    }

    private SmtpReply Reset()
    {
        _transaction = null;
        return SmtpReplies.Ok;
    }
}
