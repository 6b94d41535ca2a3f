using System.Net.Http.Headers;

namespace Lockbox.Alerts;

/// <summary>
/// What the HTTP channels share: one client per channel that follows no redirect (a redirect
/// could carry the token or the signed summary elsewhere), and the rule that anything but a
/// 2xx reply is a failure to retry.
/// </summary>
internal static class AlertHttp
{
    /// <summary>The whole request; the dispatcher bounds the attempt as well.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = Timeout,
    })
    {
        Timeout = Timeout,
    };

    /// <summary>POSTs JSON bytes exactly as given; throws <see cref="HttpRequestException"/>
    /// carrying only the status code when the reply is not a success.</summary>
    public static async Task PostAsync(
        HttpClient client,
        Uri url,
        byte[] body,
        Action<HttpRequestHeaders> headers,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType =
            new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        headers(request.Headers);

        using var response = await client.SendAsync(
            request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // the reply body is the server's text: not kept, not logged
            throw new HttpRequestException(
                HttpRequestError.Unknown, "alert receiver refused", null, response.StatusCode);
        }
    }

    /// <summary>Clips UTF-8 text to at most <paramref name="maxBytes"/> bytes on a character
    /// boundary, ending in "…" when clipped.</summary>
    public static string ClipUtf8(string text, int maxBytes)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(text) <= maxBytes)
            return text;

        // "…" takes 3 bytes in UTF-8
        var budget = maxBytes - 3;
        var used = 0;
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > budget)
                break;

            used += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }

        return string.Concat(text.AsSpan(0, end), "…");
    }
}
