using System.Text;
using Lockbox.Authenticating.Dmarc;

namespace Lockbox.Tests.Authenticating;

/// <summary>Which domain DMARC is about, from the From header(s) of a header section.</summary>
public sealed class AuthorDomainTests
{
    [Theory]
    [InlineData("From: Bank <alerts@Bank.Example>\r\n", "bank.example", null)]
    [InlineData("From: \"support@bank.example\" <x@evil.example>\r\n", "evil.example", null)]
    [InlineData("From: a@bank.example, b@bank.example\r\n", "bank.example", null)]
    [InlineData("From: a@bank.example, b@evil.example\r\n", "", "From names several domains")]
    [InlineData("From: a@bank.example\r\nFrom: b@bank.example\r\n", "", "several From headers")]
    [InlineData("Subject: none\r\n", "", "no From header")]
    [InlineData("From: undisclosed:;\r\n", "", "From has no domain")]
    [InlineData("From: a@localhost\r\n", "", "From domain is not a valid name")]
    [InlineData("From: a@[192.0.2.1]\r\n", "", "From domain is not a valid name")]
    [InlineData("From: a@bücher.example\r\n", "xn--bcher-kva.example", null)]
    public void From_header_gives_the_domain_or_the_reason(
        string headers, string domain, string? problem)
    {
        var section = Encoding.UTF8.GetBytes(headers + "\r\n");

        var author = AuthorDomain.FromHeaderSection(section);

        Assert.Equal((domain, problem), (author.Domain, author.Problem));
    }
}
