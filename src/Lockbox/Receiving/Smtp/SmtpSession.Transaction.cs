namespace Lockbox.Receiving.Smtp;

/// <summary>MAIL, RCPT and DATA: one mail transaction (RFC 5321 §3.3).</summary>
internal sealed partial class SmtpSession
{
    private SmtpReply Mail(string argument)
    {
        if (_helo is null)
        {
            return SmtpReplies.EhloFirst;
        }

        if (_transaction is not null)
        {
            return SmtpReplies.NestedMail;
        }

        if (!argument.StartsWith("FROM:", StringComparison.OrdinalIgnoreCase))
        {
            return SmtpReplies.SyntaxError;
        }

        var path = SmtpPath.Parse(argument[5..]);
        if (path is null || path.IsBarePostmaster)
        {
            return SmtpReplies.BadSenderSyntax;
        }

        // parameters exist only in the extended protocol (RFC 5321 §4.1.1.2)
        var (parameters, error) = _extended
            ? MailParameters.Parse(path.Parameters)
            : path.Parameters.Trim().Length == 0
                ? (MailParameters.None, null)
                : (null, SmtpReplies.UnknownParameter);
        if (error is not null || parameters is null)
        {
            return error ?? SmtpReplies.SyntaxError;
        }

        if (parameters.Size > _options.MaxMessageSize)
        {
            return SmtpReplies.SizeExceeded;
        }

        if (!path.IsAscii && !parameters.SmtpUtf8)
        {
            return SmtpReplies.NeedsSmtpUtf8;
        }

        _transaction = new SmtpTransaction(path.Address, parameters.SmtpUtf8);
        return SmtpReplies.SenderOk;
    }

    private SmtpReply Recipient(string argument)
    {
        if (_transaction is null)
        {
            return SmtpReplies.NeedMail;
        }

        if (!argument.StartsWith("TO:", StringComparison.OrdinalIgnoreCase))
        {
            return SmtpReplies.SyntaxError;
        }

        var path = SmtpPath.Parse(argument[3..]);
        if (path is null || path.IsNull)
        {
            return SmtpReplies.BadRecipientSyntax;
        }

        if (path.Parameters.Trim().Length > 0)
        {
            return SmtpReplies.UnknownParameter;
        }

        if (!path.IsAscii && !_transaction.SmtpUtf8)
        {
            return SmtpReplies.NeedsSmtpUtf8;
        }

        if (_transaction.Recipients.Count >= _options.MaxRecipients)
        {
            return SmtpReplies.TooManyRecipients;
        }

        // §4.5.1: <Postmaster> without a domain means this host's postmaster
        var address = path.IsBarePostmaster ? $"postmaster@{_options.Hostname}" : path.Address;
        return Decide(address);
    }

    // A refused recipient is a 5yz and so counts as a bad command: that caps how many
    // guesses one session gets at the secret recovery addresses.
    private SmtpReply Decide(string address)
    {
        RecipientDecision decision;
        try
        {
            decision = _intake.CheckRecipient(address);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            SmtpLog.Failed(_logger, "recipient check", _connection.Client.Address,
                e.GetType().Name);
            return SmtpReplies.LocalError;
        }

        switch (decision.Verdict)
        {
            case RecipientVerdict.Accepted:
                _transaction!.AddRecipient(decision.Mailbox ?? address);
                return SmtpReplies.RecipientOk;
            case RecipientVerdict.UnknownMailbox:
                return SmtpReplies.UnknownMailbox;
            case RecipientVerdict.RelayDenied:
                return SmtpReplies.RelayDenied;
            default:
                return SmtpReplies.LocalError;
        }
    }

    private async Task<bool> DataAsync(string argument, CancellationToken ct)
    {
        var refusal = (argument.Length > 0, _transaction) switch
        {
            (true, _) => SmtpReplies.SyntaxError,
            (_, null) => SmtpReplies.NeedMail,
            (_, { Recipients.Count: 0 }) => SmtpReplies.NeedRecipient,
            _ => null,
        };
        if (refusal is not null)
        {
            Reply(refusal);
            return true;
        }

        var transaction = _transaction!;
        _transaction = null;
        var reply = await ReceiveMessageAsync(Envelope(transaction), ct);
        if (reply is null)
        {
            // the client vanished or went silent mid-DATA; there is no one to answer
            if (_connection.TimedOut)
            {
                _connection.Write(SmtpReplies.Timeout);
            }

            return false;
        }

        _connection.Write(reply);
        if (reply.Code == 250)
        {
            _accepted++;
        }

        return true;
    }

    private Envelope Envelope(SmtpTransaction transaction) =>
        new(_connection.Client, _helo!, transaction.ReversePath, transaction.Recipients,
            Protocol(transaction.SmtpUtf8));

    /// <summary>The RFC 3848 / RFC 6531 §3.7.3 "with" keyword for the Received header.</summary>
    private string Protocol(bool smtpUtf8)
    {
        var name = (_extended, smtpUtf8) switch
        {
            (false, _) => "SMTP",
            (true, false) => "ESMTP",
            (true, true) => "UTF8SMTP",
        };
        return _extended && _connection.IsTls ? name + "S" : name;
    }
}
