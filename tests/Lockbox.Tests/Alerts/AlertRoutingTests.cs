using Lockbox.Alerts;
using Lockbox.Configuration;
using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Alerts;

/// <summary>Each [[alert]] serves only its addresses: the intake queues a delivery only for
/// the channels that serve one of the message's recipients.</summary>
public sealed class AlertRoutingTests
{
    private const string Bank = "bank-q9x2@recovery.example";
    private const string LastPass = "lastpass-7f3k@recovery.example";
    private const string Mail = "Subject: hi\r\n\r\nbody\r\n";

    private static readonly AlertOptions[] Alerts =
    [
        new("alert1-console", "console") { Addresses = [Bank] },
        new("alert2-console", "console"),
        new("alert3-console", "console") { Addresses = ["*@other.example"] },
    ];

    public static TheoryData<string, string[], string[]> Cases => new()
    {
        // case, recipients, channels that get a delivery
        { "only_the_channels_serving_the_address", [LastPass], ["alert2-console"] },
        { "an_address_served_by_two", [Bank], ["alert1-console", "alert2-console"] },
        { "two_recipients_one_delivery_per_channel", [Bank, LastPass],
            ["alert1-console", "alert2-console"] },
        { "wildcard_serves_its_domain", ["x@other.example"], ["alert2-console", "alert3-console"] },
        { "case_does_not_matter", ["BANK-Q9X2@Recovery.Example"],
            ["alert1-console", "alert2-console"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Deliveries_are_queued_per_serving_channel(
        string fault, string[] recipients, string[] expected)
    {
        await using var box = await IntakeBox.OpenAsync(Alerts);

        var id = await box.StoreAsync(Mail, "s@sender.example", recipients);

        var queued = (await box.DeliveriesAsync()).Where(d => d.MessageId == id);
        Assert.True(expected.SequenceEqual(queued.Select(d => d.Channel).Order()), fault);
    }

    [Fact]
    public void Routes_name_only_the_recipients_each_channel_serves()
    {
        var routes = new AlertRouting(Alerts).Routes([Bank, LastPass]);

        Assert.Equal([Bank], routes.Single(r => r.Channel == "alert1-console").Addresses);
        Assert.Equal([Bank, LastPass], routes.Single(r => r.Channel == "alert2-console").Addresses);
        Assert.DoesNotContain(routes, r => r.Channel == "alert3-console");
    }
}
