
namespace Lockbox.Tests.EndToEnd;

/// <summary>A bad config is one clear line naming file, line and key; never a stack
/// trace.</summary>
public sealed class ConfigErrorTests
{
    [Theory]
    [InlineData("serve")]
    [InlineData("init")]
    [InlineData("list")]
    public async Task A_typo_in_the_config_exits_2_with_file_line_and_suggestion(string command)
    {
        using var folder = new TempFolder();
        var config = await WriteConfigAsync(folder, listenKey: "lisen", storagePath: "data");

        var result = await LockboxProcess.RunAsync(folder.Path, null, command, "--config", config);

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.Stderr);
        Assert.Contains($"{config}:3:", error, StringComparison.Ordinal);
        Assert.Contains("'lisen'", error, StringComparison.Ordinal);
        Assert.Contains("'listen'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve", "data.txt")]
    [InlineData("init", "data.txt")]
    [InlineData("list", "data.txt")]
    [InlineData("list", "data.txt/box")]
    public async Task A_storage_path_that_is_a_file_exits_2_with_file_line_and_key(
        string command, string storagePath)
    {
        using var folder = new TempFolder();
        var file = folder.Combine("data.txt");
        await File.WriteAllTextAsync(file, "not a folder");
        var config = await WriteConfigAsync(folder, listenKey: "listen", storagePath);

        var result = await LockboxProcess.RunAsync(folder.Path, null, command, "--config", config);

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.Stderr);
        Assert.Contains($"{config}:5:", error, StringComparison.Ordinal);
        Assert.Contains("'path' in [storage]", error, StringComparison.Ordinal);
        Assert.Contains($"'{file}' is a file", error, StringComparison.Ordinal);
        Assert.Equal("not a folder", await File.ReadAllTextAsync(file));
    }

    [Theory]
    [InlineData("list")]
    [InlineData("serve")]
    public async Task A_folder_given_as_config_exits_2_saying_it_is_a_folder(string command)
    {
        using var folder = new TempFolder();

        var result = await LockboxProcess.RunAsync(
            folder.Path, null, command, "--config", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"lockbox: {folder.Path}: is a folder, not a config file",
            Assert.Single(result.Stderr));
    }

    [Fact]
    public async Task Serve_on_a_port_in_use_exits_2_with_one_line()
    {
        using var box = new TestBox(smarthostPort: 9);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        var busy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        busy.Start();
        var port = ((System.Net.IPEndPoint)busy.LocalEndpoint).Port;
        var text = await File.ReadAllTextAsync(box.ConfigPath);
        await File.WriteAllTextAsync(box.ConfigPath,
            text.Replace("127.0.0.1:0", $"127.0.0.1:{port}", StringComparison.Ordinal));

        var result = await box.RunAsync(null, "serve");
        busy.Stop();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot listen", Assert.Single(result.Stderr), StringComparison.Ordinal);
    }

    /// <summary>A small valid config but for what the test varies: the key under [smtp]
    /// (line 3) and the storage path (line 5).</summary>
    private static async Task<string> WriteConfigAsync(
        TempFolder folder, string listenKey, string storagePath)
    {
        var config = folder.Combine("lockbox.toml");
        await File.WriteAllTextAsync(config, $"""
            hostname = "mx.recovery.example"
            [smtp]
            {listenKey} = ["127.0.0.1:0"]
            [storage]
            path = "{storagePath}"
            [[address]]
            email = "a@recovery.example"
            [[alert]]
            type = "console"
            """);
        return config;
    }
}
