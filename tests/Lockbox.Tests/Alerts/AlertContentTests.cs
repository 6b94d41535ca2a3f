using System.Text;
using Lockbox.Alerts;
using Lockbox.Tests.Summarizing;
using MimeKit;

namespace Lockbox.Tests.Alerts;

/// <summary>No corpus message can put its body or other headers into any alert.</summary>
public sealed class AlertContentTests
{
    public static TheoryData<string> Corpus() => new(SummaryCorpus.Names());

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Marker_never_reaches_an_email_or_console_alert(string name)
    {
        var stored = Samples.FromCorpus(name);
        var email = new EmailAlertChannel(
            new("mail", "email", Samples.Owner, "alerts@lockbox.example",
                new Uri("smtp://127.0.0.1:1")),
            Samples.BoxHostname);
        using var console = new StringWriter();

        using var wire = new MemoryStream();
        await email.Build(Samples.Pending(stored)).WriteToAsync(wire);
        await new ConsoleAlertChannel("console", console, Samples.BoxHostname)
            .SendAsync(Samples.Pending(stored), CancellationToken.None);

        var decoded = MimeMessage.Load(new MemoryStream(wire.ToArray()));
        foreach (var text in new[] {
            Encoding.Latin1.GetString(wire.ToArray()), decoded.Subject, decoded.TextBody,
            console.ToString() })
        {
            Assert.DoesNotContain(SummaryCorpus.Marker, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Alert_text_names_everything_the_owner_needs()
    {
        var text = AlertText.Render(Samples.Message("01JM5K7Q2Z"), Samples.BoxHostname);

        Assert.Equal("Recovery mail for lastpass-7f3k@recovery.example from Bank "
            + "<no-reply@bank.example>", text.Subject);
        string[] expected = [
            "To:       lastpass-7f3k@recovery.example",
            "From:     Bank <no-reply@bank.example>",
            "Envelope: <bounce@bank.example>",
            "Subject:  Reset your password at hxxps://bank.example/reset",
            "Received: 2026-12-03 20:00:00 UTC",
            "Size:     12,345 bytes",
            "Message:  01JM5K7Q2Z",
            "Box:      lockbox.example",
            "Read it on the box: lockbox read 01JM5K7Q2Z"];
        Assert.All(expected,
            line => Assert.Contains(line + "\n", text.Body, StringComparison.Ordinal));
        Assert.DoesNotContain("https://", text.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("see http://x.example", "see hxxp://x.example")]
    [InlineData("HTTPS://x.example", "hxxps://x.example")]
    [InlineData("ftp://x.example and https://y", "fxp://x.example and hxxps://y")]
    [InlineData("no link here", "no link here")]
    public void Links_are_defanged(string input, string expected) =>
        Assert.Equal(expected, LinkDefanger.Defang(input));

    [Fact]
    public void Several_recipients_are_all_listed_and_summed_up_in_the_subject()
    {
        var message = Samples.Message() with { Recipients = ["a@recovery.example", "b@x.example"] };

        var text = AlertText.Render(message, Samples.BoxHostname);

        Assert.StartsWith("Recovery mail for a@recovery.example and 1 more from", text.Subject,
            StringComparison.Ordinal);
        Assert.Contains("To:       b@x.example\n", text.Body, StringComparison.Ordinal);
    }
}
