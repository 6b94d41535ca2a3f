namespace MailBench;

/// <summary>The measures in order: idle memory, one at a time (which also warms up), the big
/// message, every size × session count, then the burst. Each measure runs on every system
/// before the next begins, so a noisy minute on the machine hits both.</summary>
internal sealed class Scenarios(BenchOptions options, Tokens tokens)
{
    public async Task RunAsync(
        IReadOnlyList<ISystemUnderTest> systems, IReadOnlyList<SystemResults> results,
        CancellationToken cancellationToken)
    {
        var small = 2 * 1000;
        foreach (var (system, result) in systems.Zip(results))
        {
            await Quiet.WaitAsync(system.Tree, cancellationToken);
            result.IdleMemoryBytes = system.Tree.MemoryBytes();
        }

        await EachAsync(systems, results, "one at a time", async (system, result) =>
            result.OneAtATime = await new SingleSender(system, tokens).OneAtATimeAsync(
                new LoadMessage(system.Recipient, small), options.OneAtATime, cancellationToken));

        if (options.BigMessageMb > 0)
        {
            await EachAsync(systems, results, $"one {options.BigMessageMb} MB message",
                async (system, result) => result.BigMessageGrowthBytes =
                    await new SingleSender(system, tokens).BigMessageGrowthAsync(
                        options.BigMessageMb, cancellationToken));
        }

        foreach (var size in options.SizesKb)
        {
            foreach (var sessions in options.Sessions)
            {
                await EachAsync(systems, results,
                    $"{options.Messages} × {size} KB over {sessions} sessions",
                    async (system, result) => result.Loads[(size, sessions)] =
                        await new LoadRun(system, tokens).RunAsync(
                            new LoadMessage(system.Recipient, size * 1000),
                            options.Messages, sessions, cancellationToken));
            }
        }

        await EachAsync(systems, results,
            $"burst of {options.Burst} over {options.BurstSessions} sessions",
            async (system, result) => result.Burst = await new LoadRun(system, tokens).RunAsync(
                new LoadMessage(system.Recipient, small), options.Burst, options.BurstSessions,
                cancellationToken));
    }

    private static async Task EachAsync(
        IReadOnlyList<ISystemUnderTest> systems, IReadOnlyList<SystemResults> results,
        string what, Func<ISystemUnderTest, SystemResults, Task> measure)
    {
        foreach (var (system, result) in systems.Zip(results))
        {
            Report.Progress($"{system.Name}: {what}");
            await measure(system, result);
        }
    }
}
