using System.CommandLine;
using Lockbox.Cli;

namespace Lockbox;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // before MimeKit first decodes a header, or legacy charsets turn into Latin-1 mojibake
        Summarizing.LegacyCharsets.EnsureRegistered();

        var config = new Option<FileInfo?>("--config")
        {
            Description = "The box's config file (default ./lockbox.toml, else the trial)",
            Recursive = true,
        };
        var root = new RootCommand("Lockbox: a self-hosted recovery mailbox")
        {
            InitCommand.Create(config),
            ServeCommand.Create(config),
            ListCommand.Create(config),
            AlertsCommand.Create(config),
            ReadCommand.Create(config),
            SendTestCommand.Create(config),
        };
        root.Options.Add(config);

        // serve handles SIGINT/SIGTERM itself, to finish what it has acknowledged
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await root.Parse(args).InvokeAsync(invocation);
    }
}
