using Lockbox.Configuration;

namespace Lockbox.Tests.Configuration;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("25MiB", 25L * 1024 * 1024)]
    [InlineData("25 MiB", 25L * 1024 * 1024)]
    [InlineData("1.5 MiB", 1_572_864)]
    [InlineData("25MB", 25_000_000)]
    [InlineData("1kb", 1000)]
    [InlineData("1KiB", 1024)]
    [InlineData("2GiB", 2L * 1024 * 1024 * 1024)]
    [InlineData("3 GB", 3_000_000_000)]
    [InlineData("100 B", 100)]
    [InlineData("1024", 1024)]
    [InlineData("0", 0)]
    [InlineData(" 7 ", 7)]
    public void Valid_sizes_parse_to_bytes(string text, long bytes) =>
        Assert.Equal(bytes, ByteSize.Parse(text));

    [Theory]
    [InlineData("", "expected a number")]
    [InlineData("MiB", "expected a number")]
    [InlineData("-1", "expected a number")]
    [InlineData(".5MiB", "expected a number")]
    [InlineData("1.5", "whole number of bytes")]
    [InlineData("0.0001KB", "whole number of bytes")]
    [InlineData("25 MeB", "unknown unit 'MeB'")]
    [InlineData("25M", "unknown unit 'M'")]
    [InlineData("1e3", "unknown unit 'e3'")]
    [InlineData("1.2.3 MB", "not valid")]
    [InlineData("99999999999999999999 GiB", "too large")]
    public void Invalid_sizes_say_why(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => ByteSize.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
