using System.Net;
using Lockbox.Configuration;
using Lockbox.Summarizing;
using Lockbox.Vault;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Lockbox.Alerts;

/// <summary>
/// Tells the owner by email through a smarthost. Every header is built by MimeKit from typed
/// values, never by pasting text, and the message is 7-bit ASCII on the wire (RFC 2047 words in
/// headers, quoted-printable body), so no summary text can add a header or a recipient. The
/// envelope goes from <see cref="AlertOptions.From"/> to <see cref="AlertOptions.To"/> only.
/// </summary>
/// <remarks>
/// Alerts carry <c>Auto-Submitted: auto-generated</c> (RFC 3834 §5) so responders do not answer
/// them. Server certificates get the platform's default validation.
/// </remarks>
// TODO: a self-signed smarthost cannot be used; a pinned-certificate option (not a blanket
// "tls_insecure") needs an [[alert]] key that AlertOptions does not have yet.
public sealed class EmailAlertChannel : IAlertChannel, IAsyncDisposable
{
    /// <summary>Socket-level timeout of one SMTP read or write; the dispatcher bounds the
    /// whole attempt.</summary>
    public static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(30);

    private static readonly FormatOptions Format = CreateFormat();

    private readonly MailboxAddress _from;
    private readonly MailboxAddress _to;
    private readonly SmarthostEndpoint _smarthost;
    private readonly string _boxHostname;
    private readonly TimeProvider _time;
    private readonly AlertDetail _detail;
    private readonly SmarthostConnections _connections;

    /// <exception cref="ArgumentException">The options lack To, From or Smarthost, or they do
    /// not parse; messages never include the smarthost credential.</exception>
    public EmailAlertChannel(AlertOptions options, string boxHostname, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(boxHostname);

        Name = options.Name;
        _from = Mailbox(options.From, "from");
        _to = Mailbox(options.To, "to");
        _smarthost = SmarthostEndpoint.Parse(
            options.Smarthost ?? throw new ArgumentException("email alert needs a smarthost"));
        _boxHostname = boxHostname;
        _time = time ?? TimeProvider.System;
        _detail = options.Detail;
        _connections = new SmarthostConnections(_time);
    }

    public string Name { get; }

    /// <summary>Alerts in flight at once, each on its own connection: a burst of alerts is not
    /// held to one round trip (and one durable "sent" record) at a time.</summary>
    public int Concurrency => 4;

    public async Task SendAsync(PendingAlert alert, CancellationToken cancellationToken)
    {
        var mail = Build(alert);

        var client = _connections.TakeIdle();
        var reused = client is not null;
        client ??= await ConnectAsync(cancellationToken);
        try
        {
            await SendOrDiscardAsync(client, mail, cancellationToken);
        }
        catch (Exception error) when (reused && ClosedMeanwhile(error)
            && !cancellationToken.IsCancellationRequested)
        {
            // a smarthost may drop an idle connection at any moment: once more, on a new one
            client = await ConnectAsync(cancellationToken);
            await SendOrDiscardAsync(client, mail, cancellationToken);
        }

        _connections.Return(client);
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient
        {
            Timeout = (int)IoTimeout.TotalMilliseconds,
            LocalDomain = _boxHostname,
        };
        try
        {
            try
            {
                await client.ConnectAsync(
                    _smarthost.Host, _smarthost.Port, _smarthost.Security, cancellationToken);
            }
            catch (NotSupportedException e) when (_smarthost.Security
                == SecureSocketOptions.StartTls)
            {
                throw new SmarthostLacksException("STARTTLS", e);
            }

            if (_smarthost.Credential is { } credential)
            {
                // MailKit says only "not supported": name what the config asks and it lacks
                if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
                    throw new SmarthostLacksException("AUTH");

                // smtp:// falls back to plain text when STARTTLS is missing (or stripped on the
                // way); the password may cross the network only encrypted
                if (!client.IsSecure && !MaySendCredentialsInClear(_smarthost.Host))
                    throw new SmarthostLacksException("STARTTLS");

                await client.AuthenticateAsync(credential, cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Only to a loopback address literal (a relay on this machine) may a password go
    /// without TLS; a name could resolve anywhere.</summary>
    internal static bool MaySendCredentialsInClear(string host) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);

    private async Task SendOrDiscardAsync(
        SmtpClient client, MimeMessage alert, CancellationToken cancellationToken)
    {
        try
        {
            // explicit envelope: the owner is the only recipient whatever the headers say
            await client.SendAsync(Format, alert, _from, [_to], cancellationToken);
        }
        catch
        {
            // after any failure the connection's state is unknown: never reuse it
            client.Dispose();
            throw;
        }
    }

    /// <summary>Closes the kept smarthost connections with QUIT.</summary>
    public async ValueTask DisposeAsync() => await _connections.CloseAllAsync();

    private static bool ClosedMeanwhile(Exception error) => error is IOException
        or ServiceNotConnectedException
        or SmtpProtocolException
        or SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable };

    /// <summary>The alert as it goes on the wire, before SMTP.</summary>
    internal MimeMessage Build(PendingAlert pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var text = AlertText.Of(pending, _boxHostname, _detail);

        // a read's id may be anything typed; only a well-formed one goes into a Message-ID
        var messageId = pending.Read is null || MessageIds.IsWellFormed(pending.MessageId)
            ? pending.MessageId
            : "unknown";

        var alert = new MimeMessage
        {
            Subject = text.Subject,
            Date = _time.GetUtcNow(),
            MessageId = AlertMessageIds.Create(pending.DeliveryId, messageId, _boxHostname),
            Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = text.Body },
        };
        // copies: an address list subscribes to its addresses' Changed event, so adding the
        // channel's own instances would keep every alert ever built alive through them
        alert.From.Add(Copy(_from));
        alert.To.Add(Copy(_to));
        alert.Headers.Add("Auto-Submitted", "auto-generated");

        // Exchange's equivalent of RFC 3834: no out-of-office or read receipts back to the box
        alert.Headers.Add("X-Auto-Response-Suppress", "All");
        alert.Headers.Add("X-Lockbox-Message-Id", OneLine.Clean(messageId, 100));
        if (pending.Read is { } read)
            alert.Headers.Add("X-Lockbox-Event", "read " + ReadAttempt.Name(read.Outcome));

        alert.Prepare(EncodingConstraint.SevenBit);
        return alert;
    }

    private static MailboxAddress Copy(MailboxAddress address) =>
        new(address.Encoding, address.Name, address.Route, address.Address);

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.International = false;
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    private static MailboxAddress Mailbox(string? address, string key)
    {
        // the charsets must be known before MimeKit's first use, wherever that happens
        LegacyCharsets.EnsureRegistered();

        if (string.IsNullOrWhiteSpace(address) || !MailboxAddress.TryParse(address, out var box))
            throw new ArgumentException($"email alert '{key}' is not one address");

        return box;
    }
}
