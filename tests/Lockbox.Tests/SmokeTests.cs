namespace Lockbox.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Builds() => Assert.Equal(0, 0 * 1);
}
