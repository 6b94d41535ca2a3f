using System.Text.Json.Serialization;

namespace Lockbox.Alerts;

/// <summary>The JSON the HTTP channels send, serialized by source generation (no reflection,
/// so Native AOT stays clean). Null values are left out, so a withheld field is absent rather
/// than empty.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NtfyPublish))]
[JsonSerializable(typeof(WebhookPayload))]
[JsonSerializable(typeof(WebhookReadPayload))]
internal sealed partial class AlertJson : JsonSerializerContext;

/// <summary>ntfy's JSON publishing body (POST to the server root, topic in the body).</summary>
internal sealed record NtfyPublish(
    string Topic, string Title, string Message, int Priority, IReadOnlyList<string> Tags);

/// <summary>A webhook delivery: the alert's facts and its rendered words.</summary>
/// <param name="Event"><c>message</c> for one message, <c>digest</c> for a flood summed up.
/// </param>
internal sealed record WebhookPayload(
    string Event,
    string Delivery,
    string Box,
    string MessageId,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<string> Recipients,
    string Detail,
    long? Size,
    string? From,
    string? EnvelopeSender,
    string? Subject,
    string? SenderCheck,
    WebhookDigest? Digest,
    string Title,
    string Text);

/// <summary>How many messages a digest sums up, for which address, over which span.</summary>
internal sealed record WebhookDigest(
    string Address, int Count, DateTimeOffset Since, DateTimeOffset Until);

/// <summary>A webhook delivery telling of a <c>lockbox read</c> (<c>"event": "read"</c>).
/// </summary>
/// <param name="Outcome"><c>opened</c>, <c>wrong-passphrase</c> or <c>no-such-id</c>.</param>
/// <param name="User">The operating-system user who ran the read.</param>
internal sealed record WebhookReadPayload(
    string Event,
    string Delivery,
    string Box,
    string MessageId,
    string Outcome,
    string User,
    DateTimeOffset ReadAt,
    string Title,
    string Text);
