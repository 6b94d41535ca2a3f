using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lockbox.Alerts;
using Lockbox.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Lockbox.Tests.Alerts;

/// <summary>The webhook channel against a real HTTP listener, verified the way the README tells
/// a receiver to verify it.</summary>
public sealed class WebhookAlertChannelTests
{
    private const string Secret = "whsec-0123456789abcdef";

    [Fact]
    public async Task Posts_signed_json_that_a_receiver_can_verify()
    {
        await using var sink = new HttpSink();
        var clock = new FakeTimeProvider(Samples.Start + TimeSpan.FromSeconds(3));
        using var channel = Channel(sink.Url("/hooks/lockbox"), clock);

        await channel.SendAsync(Samples.Pending(Samples.Message(), 42), CancellationToken.None);
        var request = await sink.NextAsync();

        Assert.Equal(("POST", "/hooks/lockbox"), (request.Method, request.Path));
        var timestamp = request.Header("X-Lockbox-Timestamp");
        Assert.Equal(Samples.Start.ToUnixTimeSeconds() + 3,
            long.Parse(timestamp, CultureInfo.InvariantCulture));
        Assert.Equal(ReceiverSignature(Secret, timestamp, request.Body),
            request.Header("X-Lockbox-Signature"));
        Assert.Equal("01JM5K7Q2Z.42", request.Header("X-Lockbox-Delivery"));

        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("message", root.GetProperty("event").GetString());
        Assert.Equal("01JM5K7Q2Z", root.GetProperty("message_id").GetString());
        Assert.Equal("Bank <no-reply@bank.example>", root.GetProperty("from").GetString());
        Assert.Equal("Reset your password at hxxps://bank.example/reset",
            root.GetProperty("subject").GetString());
        Assert.Equal("lastpass-7f3k@recovery.example",
            root.GetProperty("recipients")[0].GetString());
    }

    [Theory]
    [InlineData("one changed body byte", 0)]
    [InlineData("another timestamp", 1)]
    [InlineData("another secret", 2)]
    public async Task A_tampered_request_fails_verification(string fault, int kind)
    {
        await using var sink = new HttpSink();
        using var channel = Channel(sink.Url("/h"), TimeProvider.System);
        await channel.SendAsync(Samples.Pending(Samples.Message()), CancellationToken.None);
        var request = await sink.NextAsync();
        var (secret, timestamp, body) =
            (Secret, request.Header("X-Lockbox-Timestamp"), request.Body.ToArray());

        switch (kind)
        {
            case 0: body[^2] ^= 1; break;
            case 1: timestamp = (long.Parse(timestamp, CultureInfo.InvariantCulture) - 600)
                .ToString(CultureInfo.InvariantCulture); break;
            default: secret += "x"; break;
        }

        Assert.False(
            ReceiverSignature(secret, timestamp, body) == request.Header("X-Lockbox-Signature"),
            fault);
    }

    [Fact]
    public async Task Detail_none_sends_no_from_envelope_or_subject_key()
    {
        await using var sink = new HttpSink();
        using var channel = Channel(sink.Url("/h"), TimeProvider.System, AlertDetail.None);

        await channel.SendAsync(Samples.Pending(Samples.Message()), CancellationToken.None);
        using var json = JsonDocument.Parse((await sink.NextAsync()).Body);
        var root = json.RootElement;

        Assert.False(root.TryGetProperty("from", out _));
        Assert.False(root.TryGetProperty("envelope_sender", out _));
        Assert.False(root.TryGetProperty("subject", out _));
        Assert.DoesNotContain("bank", root.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("none", root.GetProperty("detail").GetString());
    }

    // what a receiver computes: HMAC-SHA256(secret, timestamp + "." + raw body)
    private static string ReceiverSignature(string secret, string timestamp, byte[] body)
    {
        var signed = Encoding.ASCII.GetBytes(timestamp + ".").Concat(body).ToArray();
        return "sha256=" + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    private static WebhookAlertChannel Channel(
        Uri url, TimeProvider time, AlertDetail detail = AlertDetail.Subject) => new(
        new AlertOptions("alert1-webhook", "webhook")
        {
            Url = url, Secret = Secret, Detail = detail,
        },
        Samples.BoxHostname,
        time);
}
