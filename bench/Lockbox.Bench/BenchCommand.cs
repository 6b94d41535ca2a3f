namespace MailBench;

/// <summary>
/// The whole run: start Lockbox (and attach to the reference), then the same loads against
/// each, one after the other for every measure so both see the same machine, then the table.
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            await Console.Out.WriteLineAsync(BenchOptions.Usage);
            return 0;
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException error)
        {
            await Console.Error.WriteLineAsync(error.Message + "\n" + BenchOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var machine = Machine.Describe(options.WorkDirectory);
        Report.Progress(machine);
        var systems = new List<ISystemUnderTest>();
        try
        {
            var results = new List<SystemResults>();
            if (options.Lockbox is { } executable)
            {
                var (system, starts) = await StartLockboxAsync(executable, options, cancel.Token);
                systems.Add(system);
                results.Add(new SystemResults(system.Name) { Starts = starts });
            }

            if (options.Reference)
            {
                var sink = new AlertSink(options.ReferenceSinkPort);
                systems.Add(ReferenceSystem.Attach(
                    options.ReferencePort, options.ReferencePidFile, sink));
                results.Add(new SystemResults("reference"));
            }

            await new Scenarios(options, new Tokens()).RunAsync(systems, results, cancel.Token);

            var table = ReportTable.Render(
                results.FirstOrDefault(r => r.Name == "Lockbox"),
                results.FirstOrDefault(r => r.Name == "reference"),
                options);
            var text = $"""
                Machine: {machine}; load average {Machine.LoadAverage()} at the end.
                Problems during the run: {Report.Problems}.

                {table}
                """;
            await Console.Out.WriteLineAsync(text);
            if (options.Output is { } output)
                await File.WriteAllTextAsync(output, text, cancel.Token);

            return 0;
        }
        catch (Exception error) when (error is InvalidOperationException or IOException
            or TimeoutException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"mailbench: {error.Message}");
            return 1;
        }
        finally
        {
            foreach (var system in systems)
            {
                await system.DisposeAsync();
                await system.Sink.DisposeAsync();
            }
        }
    }

    private static async Task<(ISystemUnderTest, IReadOnlyList<double>)> StartLockboxAsync(
        string executable, BenchOptions options, CancellationToken cancellationToken)
    {
        var sink = new AlertSink(0);
        try
        {
            var folder = Path.GetFullPath(Path.Combine(options.WorkDirectory, "lockbox"));
            var config = await LockboxSystem.PrepareAsync(
                executable, folder, sink.Port, options.BigMessageMb, cancellationToken);

            Report.Progress($"Lockbox: measuring start to listening ×{options.Starts}");
            var starts = await LockboxSystem.MeasureStartsAsync(executable, config, options.Starts);
            var system = await LockboxSystem.StartAsync(executable, config, sink);
            Report.Progress($"Lockbox: pid {system.Tree.RootPid} on {system.Smtp}");
            return (system, starts);
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }
    }
}
