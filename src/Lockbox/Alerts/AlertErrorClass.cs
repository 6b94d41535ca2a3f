using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Polly.Timeout;

namespace Lockbox.Alerts;

/// <summary>
/// Names what kind of failure an attempt met, e.g. <c>smtp 451</c>, <c>timeout</c>,
/// <c>socket ConnectionRefused</c>, <c>http 500</c>. This class is all that is logged and
/// stored as a delivery's last error: exception messages can quote a server's reply, an address
/// or a URL, so they are never kept.
/// </summary>
public static class AlertErrorClass
{
    public static string Of(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);

        return error switch
        {
            TimeoutRejectedException or TimeoutException => "timeout",
            SmtpCommandException smtp => $"smtp {(int)smtp.StatusCode}",
            SmtpProtocolException => "smtp protocol",
            AuthenticationException => "smtp auth",
            SmarthostLacksException lacks => $"smtp no {lacks.Extension}",
            SslHandshakeException => "tls handshake",
            SocketException socket => $"socket {socket.SocketErrorCode}",
            HttpRequestException { StatusCode: { } status } => $"http {(int)status}",
            HttpRequestException { InnerException: SocketException socket } =>
                $"socket {socket.SocketErrorCode}",
            HttpRequestException { InnerException: IOException { InnerException:
                SocketException socket } } => $"socket {socket.SocketErrorCode}",
            HttpRequestException http => $"http {http.HttpRequestError}",
            TaskCanceledException => "timeout",
            IOException { InnerException: SocketException socket } =>
                $"socket {socket.SocketErrorCode}",
            IOException => "io",
            _ => error.GetType().Name,
        };
    }
}
