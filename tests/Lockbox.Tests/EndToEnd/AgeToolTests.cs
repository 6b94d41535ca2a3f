using Lockbox.Tests.Vault.Age;

namespace Lockbox.Tests.EndToEnd;

/// <summary>If Lockbox is ever gone, Debian's age opens the box with the passphrase
/// alone.</summary>
public sealed class AgeToolTests
{
    [Fact]
    public async Task Age_opens_a_stored_message_with_the_sealed_box_key_and_the_passphrase()
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using (var server = box.StartServe())
        {
            var port = await server.WaitForListeningPortAsync();
            await EndToEndTests.SendSimpleAsync(port, TestBox.RecoveryAddress, "for the age tool");
        }

        var id = Assert.Single((await box.RunAsync(null, "list")).Stdout).Split("  ")[0];
        var (exitCode, raw, _) = await LockboxProcess.RunBinaryAsync(box.Folder,
            TestBox.WithPassphrase(), "read", "--raw", id, "--config", box.ConfigPath);
        Assert.Equal(0, exitCode);

        // the key file is passphrase-sealed: age asks for the passphrase, then opens the message
        var opened = Path.Combine(box.Folder, "opened.eml");
        await AgeCli.RunWithPassphraseAsync(TestBox.Passphrase,
            "-d", "-i", Path.Combine(box.DataFolder, "box.key.age"), "-o", opened,
            Path.Combine(box.DataFolder, "messages", id + ".age"));

        Assert.Equal(raw, await File.ReadAllBytesAsync(opened));
    }
}
