using System.Text;
using Lockbox.Summarizing;

namespace Lockbox.Tests.Summarizing;

public sealed class MessageSummarizerRobustnessTests
{
    [Fact]
    public void Empty_header_block_gives_placeholders()
    {
        var summary = MessageSummarizer.Summarize(ReadOnlyMemory<byte>.Empty, "");

        Assert.Equal("(no From header) envelope <>", summary.From);
        Assert.Equal("(no subject)", summary.Subject);
    }

    [Fact]
    public void Envelope_sender_is_cleaned_too()
    {
        var summary = MessageSummarizer.Summarize(ReadOnlyMemory<byte>.Empty, "a\u202E@x.example");

        Assert.Equal("(no From header) envelope <a\\u202E@x.example>", summary.From);
    }

    [Fact]
    public void Truncated_megabyte_header_does_not_throw_and_stays_capped()
    {
        var block = Encoding.ASCII.GetBytes("Subject: " + new string('z', 1 << 20));

        var summary = MessageSummarizer.Summarize(block, "bounce@sender.example");

        Assert.Equal(200, summary.Subject.Length);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(20261203);
        var prefixes = new[] { "From: ", "Subject: ", "From: =?utf-8?q?", "To: x\r\nFrom:" };
        for (var i = 0; i < 2000; i++)
        {
            var noise = new byte[random.Next(0, 300)];
            random.NextBytes(noise);
            var block = Encoding.ASCII.GetBytes(prefixes[i % prefixes.Length]).Concat(noise);

            var summary = MessageSummarizer.Summarize(block.ToArray(), "bounce@sender.example");

            Assert.DoesNotContain(summary.From.EnumerateRunes(), OneLine.MustEscape);
            Assert.DoesNotContain(summary.Subject.EnumerateRunes(), OneLine.MustEscape);
        }
    }
}
