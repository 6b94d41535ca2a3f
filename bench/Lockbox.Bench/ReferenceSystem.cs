using System.Globalization;
using System.Net;

namespace MailBench;

/// <summary>
/// The classic setup, as bench/reference/setup.sh installs it: Postfix on 127.0.0.1:25, a
/// virtual alias to a dedicated user, procmail through .forward, the notification script
/// through sendmail, relayed to the bench's sink. Its processes are Postfix's master and
/// everything under it; memory is their summed PSS.
/// </summary>
internal sealed class ReferenceSystem : ISystemUnderTest
{
    public const string Address = "owner@recovery.example";

    private ReferenceSystem(IPEndPoint smtp, AlertSink sink, int masterPid)
    {
        Smtp = smtp;
        Sink = sink;
        Tree = new ProcessTree(masterPid, proportional: true);
    }

    public string Name => "reference";

    public IPEndPoint Smtp { get; }

    public string Recipient => Address;

    public AlertSink Sink { get; }

    public ProcessTree Tree { get; }

    /// <exception cref="InvalidOperationException">Postfix is not running.</exception>
    public static ReferenceSystem Attach(int port, string pidFile, AlertSink sink)
    {
        if (!File.Exists(pidFile))
        {
            throw new InvalidOperationException(
                $"no {pidFile}: run bench/reference/setup.sh first (as root)");
        }

        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        if (ProcStat.TryRead(pid) is null)
            throw new InvalidOperationException($"Postfix master (pid {pid}) is not running");

        return new ReferenceSystem(new IPEndPoint(IPAddress.Loopback, port), sink, pid);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
