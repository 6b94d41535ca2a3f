using MailBench;

return await BenchCommand.RunAsync(args);
