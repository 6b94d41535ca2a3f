using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lockbox.Configuration;
using Lockbox.Vault;

namespace Lockbox.Alerts;

/// <summary>
/// Tells the owner's own program: a JSON POST of the alert, signed so the receiver can check
/// it came from the box and is fresh. <c>X-Lockbox-Timestamp</c> is Unix seconds;
/// <c>X-Lockbox-Signature</c> is <c>sha256=</c> and the lowercase hex HMAC-SHA256, keyed with
/// the configured secret, of the timestamp, a dot, and the exact body bytes. A receiver that
/// refuses timestamps more than a few minutes off cannot be fed a replayed request, and
/// <c>X-Lockbox-Delivery</c>, the same for every attempt of one delivery, lets it drop a resend.
/// </summary>
public sealed class WebhookAlertChannel : IAlertChannel, IDisposable
{
    public const string TimestampHeader = "X-Lockbox-Timestamp";

    public const string SignatureHeader = "X-Lockbox-Signature";

    public const string DeliveryHeader = "X-Lockbox-Delivery";

    private readonly HttpClient _client = AlertHttp.CreateClient();
    private readonly Uri _url;
    private readonly byte[] _secret;
    private readonly string _boxHostname;
    private readonly AlertDetail _detail;
    private readonly TimeProvider _time;

    public WebhookAlertChannel(AlertOptions options, string boxHostname, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(boxHostname);

        Name = options.Name;
        _url = options.Url ?? throw new ArgumentException("webhook alert needs a url");
        _secret = Encoding.UTF8.GetBytes(
            options.Secret ?? throw new ArgumentException("webhook alert needs a secret"));
        _boxHostname = boxHostname;
        _detail = options.Detail;
        _time = time ?? TimeProvider.System;
    }

    public string Name { get; }

    public async Task SendAsync(PendingAlert alert, CancellationToken cancellationToken)
    {
        var body = Build(alert);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds()
            .ToString(CultureInfo.InvariantCulture);
        var signature = Sign(_secret, timestamp, body);

        await AlertHttp.PostAsync(_client, _url, body, headers =>
        {
            headers.Add(TimestampHeader, timestamp);
            headers.Add(SignatureHeader, signature);
            headers.Add(DeliveryHeader, DeliveryKey(alert));
        }, cancellationToken);
    }

    public void Dispose() => _client.Dispose();

    /// <summary><c>sha256=</c> and the hex HMAC-SHA256 of <c>timestamp + "." + body</c>.</summary>
    public static string Sign(byte[] secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(timestamp);

        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed));
    }

    /// <summary>Stable across retries of one delivery, different for every other.
    /// A read's id may be anything typed, so a read's key is <c>read.DELIVERY</c>.</summary>
    internal static string DeliveryKey(PendingAlert alert) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(alert.Read is null ? alert.StoredMessage.Id : "read")}.{alert.DeliveryId}");

    /// <summary>The JSON body exactly as signed and sent.</summary>
    internal byte[] Build(PendingAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Read is { } read)
            return BuildRead(alert, read);

        var facts = AlertFacts.Of(alert.StoredMessage, _boxHostname, _detail);
        var text = AlertText.Render(facts, alert.Digest);
        var digest = alert.Digest is { } d
            ? new WebhookDigest(d.Address, d.Count, d.Since, d.Until)
            : null;
        var payload = new WebhookPayload(
            digest is null ? "message" : "digest",
            DeliveryKey(alert),
            facts.Host,
            facts.Id,
            facts.ReceivedAt,
            facts.Recipients,
            facts.Detail.ToString().ToLowerInvariant(),
            facts.Detail >= AlertDetail.Sender ? facts.Size : null,
            facts.From,
            facts.Envelope,
            facts.Subject,
            facts.SenderCheck,
            digest,
            text.Subject,
            text.Body);
        return JsonSerializer.SerializeToUtf8Bytes(payload, AlertJson.Default.WebhookPayload);
    }

    /// <summary><c>"event": "read"</c>: the read's facts and words, nothing of the message.
    /// </summary>
    private byte[] BuildRead(PendingAlert alert, ReadAttempt read)
    {
        var text = AlertText.Render(read, _boxHostname);
        var facts = ReadAlertText.Facts.Of(read, _boxHostname);
        var payload = new WebhookReadPayload(
            "read",
            DeliveryKey(alert),
            facts.Host,
            facts.Id,
            ReadAttempt.Name(read.Outcome),
            facts.User,
            read.At,
            text.Subject,
            text.Body);
        return JsonSerializer.SerializeToUtf8Bytes(payload, AlertJson.Default.WebhookReadPayload);
    }
}
