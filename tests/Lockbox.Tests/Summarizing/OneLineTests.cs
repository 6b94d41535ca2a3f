using Lockbox.Summarizing;

namespace Lockbox.Tests.Summarizing;

public sealed class OneLineTests
{
    [Theory]
    [InlineData("a\r\n\t b", "a b")]
    [InlineData("  padded  ", "padded")]
    [InlineData("nbsp\u00A0and\u2028separator", "nbsp and separator")]
    [InlineData("nul\0esc\u001Bdel\u007F", "nul\\u0000esc\\u001Bdel\\u007F")]
    [InlineData("c1\u0090nel\u0085x", "c1\\u0090nel x")]
    [InlineData("rlo\u202Elri\u2066lrm\u200E", "rlo\\u202Elri\\u2066lrm\\u200E")]
    [InlineData("", "")]
    public void Cleans_to_one_safe_line(string input, string expected) =>
        Assert.Equal(expected, OneLine.Clean(input, 200));

    [Fact]
    public void Lone_surrogate_becomes_the_replacement_character()
    {
        // built at run time: attribute strings are stored as UTF-8 and cannot hold one
        var lone = "lone" + (char)0xD800 + "surrogate";

        Assert.Equal("lone\uFFFDsurrogate", OneLine.Clean(lone, 200));
    }

    [Fact]
    public void Cap_ends_in_an_ellipsis_within_the_limit()
    {
        var capped = OneLine.Clean(new string('x', 500), 200);

        Assert.Equal(200, capped.Length);
        Assert.EndsWith(OneLine.Ellipsis, capped, StringComparison.Ordinal);
    }

    [Fact]
    public void Cap_never_splits_an_escape_or_a_surrogate_pair()
    {
        var capped = OneLine.Clean("abc" + string.Concat(Enumerable.Repeat("\u202E😀", 50)), 10);

        Assert.Equal("abc\\u202E…", capped);
        Assert.Equal("ab😀…", OneLine.Clean("ab😀😀😀", 5));
    }
}
