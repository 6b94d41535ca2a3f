using Lockbox.Alerts;
using Lockbox.Configuration;

namespace Lockbox.Tests.Alerts;

/// <summary>What each detail level reveals, in the text every channel is built from.</summary>
public sealed class AlertDetailTests
{
    private const string Sender = "no-reply@bank.example";
    private const string Envelope = "bounce@bank.example";
    private const string Subject = "Reset your password";

    public static TheoryData<AlertDetail, bool, bool> Levels => new()
    {
        // level, sender shown, subject shown
        { AlertDetail.Subject, true, true },
        { AlertDetail.Sender, true, false },
        { AlertDetail.None, false, false },
    };

    [Theory]
    [MemberData(nameof(Levels))]
    public async Task Each_level_shows_only_what_it_names(
        AlertDetail detail, bool sender, bool subject)
    {
        var message = Samples.Message();
        using var console = new StringWriter();
        await new ConsoleAlertChannel("c", console, Samples.BoxHostname, detail)
            .SendAsync(Samples.Pending(message), CancellationToken.None);
        var text = AlertText.Render(message, Samples.BoxHostname, detail);

        foreach (var shown in new[] { text.Subject + text.Body, console.ToString() })
        {
            Assert.Equal(sender, shown.Contains(Sender, StringComparison.Ordinal));
            Assert.Equal(sender, shown.Contains(Envelope, StringComparison.Ordinal));
            Assert.Equal(subject, shown.Contains(Subject, StringComparison.Ordinal));
            Assert.Contains("lastpass-7f3k@recovery.example", shown, StringComparison.Ordinal);
            Assert.Contains("lockbox read 01JM5K7Q2Z", shown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_digest_says_how_many_more_and_points_at_list()
    {
        var digest = new AlertDigest("lastpass-7f3k@recovery.example", 988,
            Samples.Start, Samples.Start + TimeSpan.FromMinutes(10));

        var text = AlertText.Render(Samples.Message(), Samples.BoxHostname, AlertDetail.None,
            digest);

        Assert.Equal("Recovery mail for lastpass-7f3k@recovery.example and 987 more",
            text.Subject);
        Assert.Contains("988 messages arrived for lastpass-7f3k@recovery.example",
            text.Body, StringComparison.Ordinal);
        Assert.Contains("lockbox list", text.Body, StringComparison.Ordinal);
    }
}
