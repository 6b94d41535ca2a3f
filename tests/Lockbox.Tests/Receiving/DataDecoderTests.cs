using System.Text;
using Lockbox.Receiving.Smtp;

namespace Lockbox.Tests.Receiving;

public sealed class DataDecoderTests
{
    public static TheoryData<string, string, string, bool> Streams => new()
    {
        // fault name, input (may run past the end), expected output, bare line ending seen
        { "empty", ".\r\nQUIT\r\n", "", false },
        { "stuffed first line", "..x\r\n.\r\n", ".x\r\n", false },
        { "stuffed dot line", "a\r\n..\r\n.\r\nMAIL", "a\r\n.\r\n", false },
        { "lone leading dot deleted", ".x\r\n.\r\n", "x\r\n", false },
        { "lf dot crlf", "a\n.\r\nb\r\n.\r\n", "a\n.\r\nb\r\n", true },
        { "crlf dot lf", "a\r\n.\nb\r\n.\r\n", "a\r\n\nb\r\n", true },
        { "cr dot crlf", "a\r.\r\nb\r\n.\r\n", "a\r.\r\nb\r\n", true },
        { "crlf dot cr", "a\r\n.\rb\r\n.\r\n", "a\r\n\rb\r\n", true },
        { "cr cr lf", "a\r\r\n.\r\n", "a\r\r\n", true },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Every_split_of_the_input_decodes_the_same(
        string fault, string input, string expected, bool bare)
    {
        var bytes = Encoding.ASCII.GetBytes(input);

        for (var split = 0; split <= bytes.Length; split++)
        {
            AssertDecodes(bytes, [split], expected, bare, outputSize: 64);
        }

        AssertDecodes(bytes, [.. Enumerable.Range(1, bytes.Length)], expected, bare, 64);
        AssertDecodes(bytes, [], expected, bare, outputSize: DataDecoder.MaxStepOutput);
        Assert.NotEmpty(fault);
    }

    [Fact]
    public void Long_line_is_flagged_but_not_the_one_at_the_limit()
    {
        var atLimit = new DataDecoder(4);
        var overLimit = new DataDecoder(4);
        var output = new byte[64];

        atLimit.Decode("abcd\r\n.\r\n"u8, output, out _);
        overLimit.Decode("abcde\r\n.\r\n"u8, output, out _);

        Assert.False(atLimit.SawLongLine);
        Assert.True(overLimit.SawLongLine);
        Assert.True(atLimit.Finished && overLimit.Finished);
    }

    private static void AssertDecodes(
        byte[] input, int[] splits, string expected, bool bare, int outputSize)
    {
        var decoder = new DataDecoder(1000);
        var output = new List<byte>();
        var buffer = new byte[outputSize];
        var start = 0;
        foreach (var end in splits.Append(input.Length).Where(s => s >= 0))
        {
            var piece = input.AsSpan(start, Math.Max(0, end - start));
            while (!piece.IsEmpty && !decoder.Finished)
            {
                var used = decoder.Decode(piece, buffer, out var written);
                output.AddRange(buffer.AsSpan(0, written));
                piece = piece[used..];
            }

            start = Math.Max(start, end);
        }

        Assert.True(decoder.Finished);
        Assert.Equal(expected, Encoding.ASCII.GetString([.. output]));
        Assert.Equal(bare, decoder.SawBareLineEnding);
        Assert.Equal(output.Count, decoder.Size);
    }
}
