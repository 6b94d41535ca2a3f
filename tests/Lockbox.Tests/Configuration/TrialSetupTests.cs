using System.Net;
using System.Net.Sockets;
using Lockbox.Configuration;

namespace Lockbox.Tests.Configuration;

public sealed class TrialSetupTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Trial_config_is_written_and_loads()
    {
        var data = Path.Combine(folder.Path, "box");

        var path = TrialSetup.EnsureConfig(data, 2600);
        var options = ConfigLoader.Load(path);

        Assert.Equal(Path.Combine(data, "lockbox.toml"), path);
        Assert.Equal("localhost", options.Hostname);
        Assert.Equal(["127.0.0.1:2600"], options.Smtp.Listen);
        Assert.Equal(data, options.Storage.Path);
        Assert.Equal([new RecoveryAddress("*@recovery.localhost")], options.Addresses);
        Assert.Equal([new AlertOptions("alert1-console", "console")], options.Alerts);
        Assert.Equal(["lockbox.toml"], Directory.GetFiles(data).Select(Path.GetFileName));
    }

    [Fact]
    public void Existing_config_is_never_overwritten()
    {
        var path = TrialSetup.EnsureConfig(folder.Path, 2600);
        File.AppendAllText(path, "# edited by the owner\n");
        var edited = File.ReadAllText(path);

        var again = TrialSetup.EnsureConfig(folder.Path, 2700);

        Assert.Equal(path, again);
        Assert.Equal(edited, File.ReadAllText(path));
    }

    [Fact]
    public void Trial_config_explains_each_key()
    {
        var text = File.ReadAllText(TrialSetup.EnsureConfig(folder.Path, 0));

        string[] keys = ["hostname", "listen", "max_message_size", "path", "email", "type"];
        foreach (var key in keys)
        {
            // the line above each key is a comment about it
            var lines = text.Split('\n');
            var index = Array.FindIndex(
                lines, l => l.StartsWith(key + " =", StringComparison.Ordinal));
            Assert.StartsWith("#", lines[index - 1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Free_port_skips_a_port_in_use()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var busy = ((IPEndPoint)taken.LocalEndpoint).Port;

            Assert.Throws<InvalidOperationException>(() => TrialSetup.FindFreePort(busy, 1));
            var port = TrialSetup.FindFreePort(busy, 20);
            Assert.InRange(port, busy + 1, busy + 19);
        }
        finally
        {
            taken.Stop();
        }
    }
}
