using System.Net;
using Lockbox.Configuration;

namespace Lockbox.Tests.Configuration;

public sealed class EndpointParserTests
{
    [Theory]
    [InlineData("127.0.0.1:2525", "127.0.0.1", 2525)]
    [InlineData("0.0.0.0:25", "0.0.0.0", 25)]
    [InlineData("[::1]:2525", "::1", 2525)]
    [InlineData("[::1]:0", "::1", 0)]
    [InlineData("[::]:25", "::", 25)]
    [InlineData("[2001:db8::25]:587", "2001:db8::25", 587)]
    [InlineData("192.0.2.255:65535", "192.0.2.255", 65535)]
    public void Valid_endpoints_parse(string text, string address, int port) =>
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), EndpointParser.Parse(text));

    [Theory]
    [InlineData("127.0.0.1", "host:port")]
    [InlineData(":25", "host:port")]
    [InlineData("127.0.0.1:", "port")]
    [InlineData("127.0.0.1:65536", "port")]
    [InlineData("127.0.0.1:-1", "port")]
    [InlineData("127.0.0.1:+25", "port")]
    [InlineData("127.0.0.1: 25", "port")]
    [InlineData("::1:25", "brackets")]
    [InlineData("[::1]", "[v6]:port")]
    [InlineData("[::1:25", "[v6]:port")]
    [InlineData("[127.0.0.1]:25", "IPv6")]
    [InlineData("[fe80::zz]:25", "IPv6")]
    [InlineData("localhost:25", "IP address")]
    [InlineData("127.1:25", "IP address")]
    [InlineData("010.0.0.1:25", "IP address")]
    [InlineData("256.0.0.1:25", "IP address")]
    public void Invalid_endpoints_say_why(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => EndpointParser.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
