using System.Net.Http.Headers;
using System.Text.Json;
using Lockbox.Configuration;

namespace Lockbox.Alerts;

/// <summary>
/// Tells the owner through an ntfy server (a push notification on the phone), using ntfy's JSON
/// publishing: a POST to the server root with the topic in the body, so titles in any script
/// arrive intact (ntfy's header-based publishing cannot carry them). The optional token goes in
/// an <c>Authorization: Bearer</c> header; it is never logged or put in an error.
/// </summary>
/// <remarks>ntfy turns a message over 4096 bytes into an attachment, so the whole JSON body is
/// kept within that, the message text clipped on a character boundary to fit.</remarks>
public sealed class NtfyAlertChannel : IAlertChannel, IDisposable
{
    /// <summary>ntfy's default message size limit (server.yml <c>message-size-limit</c>).</summary>
    public const int MaxMessageBytes = 4096;

    // non-ASCII as raw UTF-8 rather than \uXXXX escapes: the same text, a third of the bytes
    private static readonly AlertJson Json = new(new JsonSerializerOptions(
        AlertJson.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private const int MaxTitleBytes = 250;

    private readonly HttpClient _client = AlertHttp.CreateClient();
    private readonly Uri _root;
    private readonly string _topic;
    private readonly string? _token;
    private readonly string _boxHostname;
    private readonly AlertDetail _detail;

    public NtfyAlertChannel(AlertOptions options, string boxHostname)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(boxHostname);
        var url = options.Url ?? throw new ArgumentException("ntfy alert needs a url");

        Name = options.Name;
        var path = url.AbsolutePath.TrimEnd('/');
        var slash = path.LastIndexOf('/');
        _topic = Uri.UnescapeDataString(path[(slash + 1)..]);
        _root = new Uri(url, path[..(slash + 1)]);
        _token = options.Token;
        _boxHostname = boxHostname;
        _detail = options.Detail;
    }

    public string Name { get; }

    public async Task SendAsync(PendingAlert alert, CancellationToken cancellationToken)
    {
        var body = Build(alert);
        await AlertHttp.PostAsync(_client, _root, body, headers =>
        {
            if (_token is not null)
                headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }, cancellationToken);
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The JSON body as it goes on the wire.</summary>
    internal byte[] Build(PendingAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);

        var facts = AlertFacts.Of(alert.Message, _boxHostname, _detail);
        var text = AlertText.Render(facts, alert.Digest);
        var message = text.Body.TrimEnd('\n');
        var budget = MaxMessageBytes;
        while (true)
        {
            var publish = new NtfyPublish(
                _topic,
                AlertHttp.ClipUtf8(text.Subject, MaxTitleBytes),
                AlertHttp.ClipUtf8(message, budget),
                Priority(alert),
                alert.Digest is null ? ["email"] : ["email", "warning"]);
            var body = JsonSerializer.SerializeToUtf8Bytes(publish, Json.NtfyPublish);

            // escapes make the JSON longer than the text; shrink the text by the excess
            if (body.Length <= MaxMessageBytes || budget <= 16)
                return body;

            budget -= body.Length - MaxMessageBytes;
        }
    }

    /// <summary>ntfy priority 1 (min) to 5 (max).</summary>
    // TODO: priority by the sender-authentication verdict and the address's expected senders
    // (issue 3, "Sender authentication"): e.g. 5 for an authenticated expected sender's reset,
    // 4 for an unexpected or unauthenticated one. Until the verdict is stored, every alert goes
    // at ntfy's default 3 and a digest at 4.
    private static int Priority(PendingAlert alert) => alert.Digest is null ? 3 : 4;
}
