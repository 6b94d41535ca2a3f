using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MailBench;

/// <summary>
/// Sends <c>count</c> messages over <c>sessions</c> concurrent SMTP sessions as fast as the
/// system answers, then waits (bounded) for every alert, and measures the whole of it.
/// Sessions come from 127.0.0.1, .2, ... eight to an address, as several senders would, so a
/// per-client session limit is not what is measured.
/// </summary>
internal sealed class LoadRun(ISystemUnderTest system, Tokens tokens)
{
    private const int SessionsPerSource = 8;
    private const int MaxFailuresInARow = 5;

    public async Task<LoadResult> RunAsync(
        LoadMessage message, int count, int sessions, CancellationToken cancellationToken)
    {
        var cell = tokens.NextCell();
        await Quiet.WaitAsync(system.Tree, cancellationToken);
        var cpuBefore = system.Tree.CpuTicks();
        var memory = MemorySampler.Start(system.Tree);

        var accepted = new long[count];
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(session => Task.Run(async () =>
        {
            var failures = 0;
            SmtpLoadSession? smtp = null;
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && failures < MaxFailuresInARow)
            {
                try
                {
                    smtp ??= await SmtpLoadSession.OpenAsync(
                        system.Smtp, Source(session), cancellationToken);
                    accepted[i] = await smtp.SendAsync(system.Recipient,
                        message.Headers(tokens.Of(cell, i)), message.Body(), cancellationToken);
                    failures = 0;
                }
                catch (Exception error) when (IsSessionFailure(error, cancellationToken))
                {
                    failures++;
                    Report.Problem($"{system.Name}: message {i} not accepted: {error.Message}");
                    if (smtp is not null)
                        await smtp.DisposeAsync();

                    smtp = null;
                }
            }

            if (smtp is not null)
                await smtp.DisposeAsync();
        }, cancellationToken)));

        var sent = Enumerable.Range(0, count).Where(i => accepted[i] != 0).ToList();
        var wait = TimeSpan.FromSeconds(60 + count / 10.0);
        var alerts = await system.Sink.WaitForAsync(
            [.. sent.Select(i => tokens.Of(cell, i))], wait, cancellationToken);
        var peak = await memory.StopAsync();
        await memory.DisposeAsync();
        await Quiet.WaitAsync(system.Tree, cancellationToken);
        var cpu = (system.Tree.CpuTicks() - cpuBefore) / ProcessTree.TicksPerSecond;

        var latencies = new List<double>();
        foreach (var i in sent)
        {
            if (alerts.TryGetValue(tokens.Of(cell, i), out var at))
                latencies.Add(Stopwatch.GetElapsedTime(accepted[i], at).TotalMilliseconds);
        }

        var lastAccept = sent.Count == 0 ? start : sent.Max(i => accepted[i]);
        var lastAlert = alerts.Count == 0 ? start : alerts.Values.Max();
        return new LoadResult(
            sent.Count,
            count - sent.Count,
            alerts.Count,
            PerSecond(sent.Count, start, lastAccept),
            PerSecond(alerts.Count, start, lastAlert),
            alerts.Count == 0 ? double.NaN
                : Stopwatch.GetElapsedTime(lastAccept, lastAlert).TotalMilliseconds,
            sent.Count == 0 ? double.NaN : cpu / sent.Count * 1000,
            peak,
            Latency.Of(latencies));
    }

    internal static IPAddress Source(int session) => IPAddress.Parse(string.Create(
        CultureInfo.InvariantCulture, $"127.0.0.{1 + (session / SessionsPerSource)}"));

    internal static bool IsSessionFailure(Exception error, CancellationToken cancellationToken) =>
        error is SmtpRefusedException or IOException or SocketException or InvalidDataException
        || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static double PerSecond(int count, long start, long end)
    {
        var seconds = Stopwatch.GetElapsedTime(start, end).TotalSeconds;
        return count == 0 || seconds <= 0 ? double.NaN : count / seconds;
    }
}
