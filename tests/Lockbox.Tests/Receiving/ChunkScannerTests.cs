using System.Text;
using Lockbox.Receiving.Smtp;

namespace Lockbox.Tests.Receiving;

public sealed class ChunkScannerTests
{
    public static TheoryData<string, string, bool> Chunks => new()
    {
        // fault name, message bytes, bare line ending seen
        { "crlf lines", "Subject: a\r\n\r\nbody\r\n", false },
        { "empty", "", false },
        { "no final line ending", "Subject: a\r\n\r\nbody", false },
        { "bare lf", "a\nb\r\n", true },
        { "bare cr", "a\rb\r\n", true },
        { "cr cr lf", "a\r\r\n", true },
        { "lf after crlf", "a\r\n\n", true },
        { "ends in cr", "a\r\n\r", true },
        { "dot lines are plain data", "a\r\n.\r\n..\r\n", false },
    };

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Every_split_into_chunks_gives_the_same_verdict(
        string fault, string message, bool bare)
    {
        var bytes = Encoding.ASCII.GetBytes(message);

        for (var split = 0; split <= bytes.Length; split++)
        {
            var scanner = new ChunkScanner(1000);
            scanner.Scan(bytes.AsSpan(0, split));
            scanner.Scan(bytes.AsSpan(split));
            scanner.Finish();
            Assert.Equal(bare, scanner.SawBareLineEnding);
            Assert.Equal(bytes.Length, scanner.Size);
        }

        var byteByByte = new ChunkScanner(1000);
        foreach (var b in bytes)
        {
            byteByByte.Scan([b]);
        }

        byteByByte.Finish();
        Assert.Equal(bare, byteByByte.SawBareLineEnding);
        Assert.NotEmpty(fault);
    }

    [Theory]
    [InlineData("abcd\r\nefgh\r\n", false)]
    [InlineData("abcde\r\n", true)]
    [InlineData("ab|cde\r\n", true)]
    [InlineData("abcd\r|\nabcd\r\n", false)]
    public void Long_line_is_flagged_across_chunks_but_not_the_one_at_the_limit(
        string chunks, bool expected)
    {
        var scanner = new ChunkScanner(4);

        foreach (var chunk in chunks.Split('|'))
        {
            scanner.Scan(Encoding.ASCII.GetBytes(chunk));
        }

        Assert.Equal(expected, scanner.SawLongLine);
    }
}
