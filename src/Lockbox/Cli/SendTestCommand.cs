using System.CommandLine;
using System.Net;
using Lockbox.Configuration;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Lockbox.Cli;

/// <summary><c>lockbox send-test</c>: sends one test message to the first recovery address
/// through the box's own listener, the way a real sender would.</summary>
public static class SendTestCommand
{
    private const string TrialLocalPart = "test";

    public static Command Create(Option<FileInfo?> configOption)
    {
        var command = new Command("send-test",
            "Send a test message to the first recovery address through the box's listener");
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(async () =>
        {
            var box = ConfigResolution.Resolve(parse.GetValue(configOption), createTrial: false);
            var recipient = FirstAddress(box.Options);
            var endpoint = Reachable(EndpointParser.Parse(box.Options.Smtp.Listen[0]));
            if (endpoint.Port == 0)
            {
                throw new CliException("send-test needs a fixed port in smtp.listen, not 0",
                    ExitCodes.ConfigError);
            }

            using var message = Compose(box.Options.Hostname, recipient);
            using var client = new SmtpClient { Timeout = 30_000 };
            try
            {
                await client.ConnectAsync(endpoint.Address.ToString(), endpoint.Port,
                    SecureSocketOptions.None, cancellationToken);
                var reply = await client.SendAsync(message, cancellationToken);
                await client.DisconnectAsync(quit: true, cancellationToken);
                await Console.Out.WriteLineAsync($"sent to {recipient}: {reply}");
                return ExitCodes.Ok;
            }
            catch (Exception exception) when (exception is SmtpCommandException
                or SmtpProtocolException or ServiceNotConnectedException
                or System.Net.Sockets.SocketException or IOException)
            {
                await Console.Error.WriteLineAsync(
                    $"lockbox: send-test to {endpoint} refused: {exception.Message}");
                return ExitCodes.Refused;
            }
        }));
        return command;
    }

    private static string FirstAddress(LockboxOptions options)
    {
        var email = options.Addresses[0].Email;
        return email.StartsWith("*@", StringComparison.Ordinal)
            ? TrialLocalPart + email[1..]
            : email;
    }

    /// <summary>A wildcard listen address is reached through loopback.</summary>
    private static IPEndPoint Reachable(IPEndPoint endpoint)
    {
        if (endpoint.Address.Equals(IPAddress.Any))
        {
            return new IPEndPoint(IPAddress.Loopback, endpoint.Port);
        }

        return endpoint.Address.Equals(IPAddress.IPv6Any)
            ? new IPEndPoint(IPAddress.IPv6Loopback, endpoint.Port)
            : endpoint;
    }

    private static MimeMessage Compose(string hostname, string recipient)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Lockbox send-test", "send-test@" + hostname));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = "Lockbox test message";
        message.Body = new TextPart("plain")
        {
            Text = "This message was sent by 'lockbox send-test' to prove that the box receives,\n"
                   + "seals and alerts. Read it with 'lockbox read ID'.\n",
        };
        return message;
    }
}
