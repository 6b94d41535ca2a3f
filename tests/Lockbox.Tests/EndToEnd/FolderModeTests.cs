namespace Lockbox.Tests.EndToEnd;

/// <summary>
/// The folders Lockbox creates are the service user's alone: the index holds the secret
/// recovery addresses, senders and subjects in the clear, which no other local user may list.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FolderModeTests
{
    private const UnixFileMode OwnerOnly =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task Storage_folders_created_by_init_and_serve_are_owner_only()
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port, storagePath: "box/data");

        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using (var server = box.StartServe())
        {
            var port = await server.WaitForListeningPortAsync();
            await EndToEndTests.SendSimpleAsync(port, TestBox.RecoveryAddress, "hello");
        }

        foreach (var folder in new[] { "box/data", "box/data/messages", "box/data/incoming" })
        {
            var mode = File.GetUnixFileMode(Path.Combine(box.Folder, folder));
            Assert.True(mode == OwnerOnly, $"{folder} has mode {mode}");
        }
    }
}
