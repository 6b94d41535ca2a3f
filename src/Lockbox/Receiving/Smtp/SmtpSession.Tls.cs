using System.Security.Authentication;
using System.Net.Security;

namespace Lockbox.Receiving.Smtp;

/// <summary>STARTTLS (RFC 3207).</summary>
internal sealed partial class SmtpSession
{
    private async Task<bool> StartTlsCommandAsync(string argument, CancellationToken ct)
    {
        var certificate = _connection.IsTls ? null : Certificate();
        var refusal = argument.Length > 0 ? SmtpReplies.SyntaxError
            : _connection.IsTls ? SmtpReplies.BadSequence
            : !_extended ? SmtpReplies.EhloFirst
            : certificate is null ? SmtpReplies.TlsUnavailable
            : null;
        if (refusal is not null)
        {
            Reply(refusal);
            return true;
        }

        _connection.Write(SmtpReplies.ReadyForTls);
        if (!await StartTlsAsync(certificate!, ct))
        {
            return false;
        }

        // RFC 3207 §4.2: forget everything learned before TLS, including EHLO
        _helo = null;
        _extended = false;
        _transaction = null;
        return true;
    }

    private SslStreamCertificateContext? Certificate()
    {
        try
        {
            return _options.TlsCertificate?.Invoke();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            SmtpLog.Failed(_logger, "certificate", _connection.Client.Address, e.GetType().Name);
            return null;
        }
    }

    private async Task<bool> StartTlsAsync(
        SslStreamCertificateContext certificate,
        CancellationToken ct)
    {
        await _connection.FlushAsync(ct);
        try
        {
            await _connection.StartTlsAsync(certificate, _options.IdleTimeout, _time, ct);
            return true;
        }
        catch (Exception e) when (e is AuthenticationException or IOException
            or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
