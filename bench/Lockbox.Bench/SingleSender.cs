using System.Diagnostics;

namespace MailBench;

/// <summary>
/// Loads that use one session: messages one at a time (each waits for its alert before the
/// next is sent), and one big message with the memory it costs.
/// </summary>
internal sealed class SingleSender(ISystemUnderTest system, Tokens tokens)
{
    private static readonly TimeSpan AlertWait = TimeSpan.FromSeconds(30);

    /// <summary>Alert latency of <paramref name="count"/> messages sent one at a time.</summary>
    public async Task<Latency> OneAtATimeAsync(
        LoadMessage message, int count, CancellationToken cancellationToken)
    {
        var cell = tokens.NextCell();
        await Quiet.WaitAsync(system.Tree, cancellationToken);

        var latencies = new List<double>();
        SmtpLoadSession? smtp = null;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var token = tokens.Of(cell, i);
                smtp ??= await SmtpLoadSession.OpenAsync(
                    system.Smtp, LoadRun.Source(0), cancellationToken);
                var accepted = await smtp.SendAsync(
                    system.Recipient, message.Headers(token), message.Body(), cancellationToken);
                var alert = await system.Sink.WaitForAsync([token], AlertWait, cancellationToken);
                if (alert.TryGetValue(token, out var at))
                    latencies.Add(Stopwatch.GetElapsedTime(accepted, at).TotalMilliseconds);
                else
                    Report.Problem($"{system.Name}: no alert within {AlertWait.TotalSeconds} s");
            }
        }
        finally
        {
            if (smtp is not null)
                await smtp.DisposeAsync();
        }

        return Latency.Of(latencies);
    }

    /// <summary>How much the system's memory grows (peak over the quiet level before) while it
    /// accepts one message of <paramref name="megabytes"/> MB and alerts it; null when it was
    /// refused.</summary>
    public async Task<long?> BigMessageGrowthAsync(
        int megabytes, CancellationToken cancellationToken)
    {
        var cell = tokens.NextCell();
        var token = tokens.Of(cell, 0);
        var message = new LoadMessage(system.Recipient, megabytes * 1000 * 1000);

        await Quiet.WaitAsync(system.Tree, cancellationToken);
        var before = system.Tree.MemoryBytes();
        var memory = MemorySampler.Start(system.Tree);
        try
        {
            await using var smtp = await SmtpLoadSession.OpenAsync(
                system.Smtp, LoadRun.Source(0), cancellationToken);
            await smtp.SendAsync(
                system.Recipient, message.Headers(token), message.Body(), cancellationToken);
            await system.Sink.WaitForAsync([token], AlertWait, cancellationToken);
            await Quiet.WaitAsync(system.Tree, cancellationToken);
        }
        catch (Exception error) when (LoadRun.IsSessionFailure(error, cancellationToken))
        {
            Report.Problem($"{system.Name}: the {megabytes} MB message failed: {error.Message}");
            await memory.DisposeAsync();
            return null;
        }

        var peak = await memory.StopAsync();
        await memory.DisposeAsync();
        return Math.Max(0, peak - before);
    }
}
