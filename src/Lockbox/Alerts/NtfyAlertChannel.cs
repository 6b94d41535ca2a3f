using System.Net.Http.Headers;
using System.Text.Json;
using Lockbox.Configuration;
using Lockbox.Vault;

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

        var text = AlertText.Of(alert, _boxHostname, _detail);
        var message = text.Body.TrimEnd('\n');
        var budget = MaxMessageBytes;
        while (true)
        {
            var publish = new NtfyPublish(
                _topic,
                AlertHttp.ClipUtf8(text.Subject, MaxTitleBytes),
                AlertHttp.ClipUtf8(message, budget),
                Priority(alert),
                Tags(alert));
            var body = JsonSerializer.SerializeToUtf8Bytes(publish, Json.NtfyPublish);

            // escapes make the JSON longer than the text; shrink the text by the excess
            if (body.Length <= MaxMessageBytes || budget <= 16)
                return body;

            budget -= body.Length - MaxMessageBytes;
        }
    }

    /// <summary>ntfy priority 1 (min) to 5 (max): 5 (urgent) when an expected sender proved
    /// itself, since that is a real reset or second-factor change under way; 4 for any other
    /// arrival and for a digest. The verdict counts only where the detail level shows it.
    /// </summary>
    /// <remarks>A read is 4, a wrong passphrase 5: someone is guessing at the box.</remarks>
    private int Priority(PendingAlert alert)
    {
        if (alert.Read is { } read)
            return read.Outcome is ReadOutcome.WrongPassphrase or ReadOutcome.Damaged ? 5 : 4;

        var verdict = alert.StoredMessage.Sender;
        var expected = alert.Digest is null
            && _detail >= AlertDetail.Sender
            && verdict is { IsAuthenticated: true }
            && verdict.Expectations.Any(e => e.Expected);
        return expected ? 5 : 4;
    }

    private static string[] Tags(PendingAlert alert) => alert switch
    {
        { Read.Outcome: ReadOutcome.Opened } => ["key"],
        { Read: not null } => ["key", "warning"],
        { Digest: not null } => ["email", "warning"],
        _ => ["email"],
    };
}
