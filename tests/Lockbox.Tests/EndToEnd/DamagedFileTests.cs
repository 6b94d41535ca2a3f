namespace Lockbox.Tests.EndToEnd;

/// <summary>
/// A damaged file on disk is named as such, with exit 4: blaming the passphrase would send the
/// owner hunting for a different one while the right one is in hand.
/// </summary>
public sealed class DamagedFileTests
{
    public static TheoryData<string> Faults => new()
    {
        "message_truncated",
        "message_not_age",
        "message_missing",
        "box_key_not_age",
        "box_key_payload_altered",
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_damaged_file_exits_4_naming_it_not_the_passphrase(string fault)
    {
        await using var sink = SmtpSink.Start();
        using var box = new TestBox(sink.Port);
        Assert.Equal(0, (await box.InitAsync()).ExitCode);
        await using (var server = box.StartServe())
        {
            var port = await server.WaitForListeningPortAsync();
            await EndToEndTests.SendSimpleAsync(port, TestBox.RecoveryAddress, "hello");
        }

        var id = Assert.Single((await box.RunAsync(null, "list")).Stdout).Split("  ")[0];
        var sealedFile = Path.Combine(box.DataFolder, "messages", id + ".age");
        var keyFile = Path.Combine(box.DataFolder, "box.key.age");
        var sealedBytes = await File.ReadAllBytesAsync(sealedFile);
        switch (fault)
        {
            case "message_truncated":
                await File.WriteAllBytesAsync(sealedFile, sealedBytes[..(sealedBytes.Length - 20)]);
                break;
            case "message_not_age":
                await File.WriteAllTextAsync(sealedFile, "not an age file\n");
                break;
            case "message_missing":
                File.Delete(sealedFile);
                break;
            case "box_key_payload_altered":
                // the last byte is the payload's tag: the header (and so the passphrase) checks
                var key = await File.ReadAllBytesAsync(keyFile);
                key[^1] ^= 0x01;
                await File.WriteAllBytesAsync(keyFile, key);
                break;
            default:
                await File.WriteAllTextAsync(keyFile, "not an age file\n");
                break;
        }

        foreach (var arguments in new[] { new[] { "read", id }, ["read", "--raw", id] })
        {
            var read = await box.RunAsync(TestBox.WithPassphrase(), arguments);

            Assert.Equal(4, read.ExitCode);
            // besides the read's own log line (its record), exactly one error line
            var error = Assert.Single(read.Stderr,
                line => line.StartsWith("lockbox: ", StringComparison.Ordinal));
            Assert.Contains("is damaged", error, StringComparison.Ordinal);
            Assert.Contains(fault.StartsWith("message", StringComparison.Ordinal) ? id : keyFile,
                error, StringComparison.Ordinal);
            Assert.DoesNotContain("passphrase", error, StringComparison.Ordinal);
        }

        // recorded as damaged, never as opened nor as a wrong passphrase
        var recorded = (await box.RunAsync(null, "alerts")).Stdout
            .Where(line => line.Contains("  read ", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, line =>
            Assert.EndsWith("read damaged", line, StringComparison.Ordinal));
    }
}
