using System.Net;
using Lockbox.Alerts;
using Lockbox.Authenticating;
using Lockbox.Cli;
using Lockbox.Configuration;
using Lockbox.Receiving;
using Lockbox.Receiving.Smtp;
using Lockbox.Receiving.Tls;
using Lockbox.Vault;
using Lockbox.Vault.Sqlite;
using Microsoft.Extensions.Logging;

namespace Lockbox.Hosting;

/// <summary>
/// <c>lockbox serve</c> put together: the vault opened, the alert dispatcher running (pending
/// alerts from before a restart go out first), then the SMTP listener. Stopping runs the other
/// way: no new mail, in-flight messages finished, then alerts and the index closed.
/// </summary>
public sealed class LockboxServer(BoxContext box, ILoggerFactory loggers, TimeProvider time)
{
    private readonly ILogger _logger = loggers.CreateLogger<LockboxServer>();

    public async Task RunAsync(TextWriter output, Task stopRequested,
        CancellationToken cancellationToken)
    {
        var options = box.Options;
        var recipient = new BoxKeys(box.Layout).LoadRecipient();
        SweepIncoming();

        await using var index =
            await SqliteVaultIndex.OpenAsync(box.Layout.IndexDatabase, cancellationToken);
        var channels = AlertChannelFactory.Create(options, output, time);
        var dispatcher = new AlertDispatcher(index, channels, time,
            loggers.CreateLogger<AlertDispatcher>());
        using var stopAlerts = new CancellationTokenSource();
        var alerting = dispatcher.RunAsync(stopAlerts.Token);

        var intake = new MessageIntake(
            new RecipientPolicy(options.Addresses, options.Smtp.PlusTags),
            box.Layout,
            recipient,
            index,
            new IntakeSettings(options.Hostname, channels.Select(c => c.Name).ToList(),
                _ => dispatcher.Notify())
            {
                SenderChecks = options.Dns.Enabled
                    ? SenderChecks.Create(options, time, loggers)
                    : null,
                Routing = new AlertRouting(options.Alerts),
                Flood = options.Flood,
            },
            time,
            loggers.CreateLogger<MessageIntake>());

        var smtpOptions = new SmtpServerOptions
        {
            Hostname = options.Hostname,
            MaxMessageSize = options.Smtp.MaxMessageSize,
            TlsCertificate = options.Smtp.Tls is { } tls
                ? new CertificateFiles(tls.CertificatePath, tls.KeyPath,
                    loggers.CreateLogger<CertificateFiles>(), time).Current
                : null,
        };
        smtpOptions.Validate();
        await using var listener = new SmtpListener(smtpOptions, intake,
            loggers.CreateLogger<SmtpListener>(), time);
        var endpoints = await listener.StartAsync(
            options.Smtp.Listen.Select(EndpointParser.Parse).ToList(), cancellationToken);
        foreach (var endpoint in endpoints)
        {
            await output.WriteLineAsync($"listening on {Format(endpoint)}");
        }

        if (options.IsTrial)
        {
            await output.WriteLineAsync(TrialHints(box));
        }

        await output.FlushAsync(cancellationToken);
        await stopRequested.WaitAsync(cancellationToken);

        _logger.LogInformation("Stopping: no new sessions, finishing messages in flight");
        await listener.StopAsync(CancellationToken.None);
        await stopAlerts.CancelAsync();
        await alerting;
        foreach (var channel in channels.OfType<IDisposable>())
        {
            channel.Dispose();
        }

        foreach (var channel in channels.OfType<IAsyncDisposable>())
        {
            await channel.DisposeAsync();
        }
    }

    private void SweepIncoming()
    {
        // a .part file is a message that never got its 250: the sender still has it
        if (!Directory.Exists(box.Layout.IncomingFolder))
        {
            return;
        }

        foreach (var leftover in Directory.EnumerateFiles(box.Layout.IncomingFolder, "*.part"))
        {
            File.Delete(leftover);
        }
    }

    private static string Format(IPEndPoint endpoint) =>
        endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{endpoint.Address}]:{endpoint.Port}"
            : $"{endpoint.Address}:{endpoint.Port}";

    private static string TrialHints(BoxContext box) => $"""
        Lockbox trial: any address at recovery.localhost is accepted; alerts print here.
        Data and config: {box.Layout.Root}
        Try it from another terminal in this folder:
          lockbox send-test          (or: dotnet run --project src/Lockbox -- send-test)
          lockbox list
          lockbox read ID
        """;
}
