using System.Text.Json;
using Lockbox.Alerts;
using Lockbox.Configuration;

namespace Lockbox.Tests.Alerts;

/// <summary>The ntfy channel against a real HTTP listener on a loopback port.</summary>
public sealed class NtfyAlertChannelTests
{
    private const string Token = "tk_s3cretTokenValue42";

    [Fact]
    public async Task Publishes_json_to_the_server_root_with_the_topic_in_the_body()
    {
        await using var sink = new HttpSink();
        using var channel = Channel(sink.Url("/lockbox-alerts"), Token);
        var message = Samples.Message() with { Subject = "Grüße aus Köln — パスワード" };

        await channel.SendAsync(Samples.Pending(message), CancellationToken.None);
        var request = await sink.NextAsync();

        Assert.Equal(("POST", "/"), (request.Method, request.Path));
        Assert.Equal("Bearer " + Token, request.Header("Authorization"));
        Assert.StartsWith("application/json", request.Header("Content-Type"),
            StringComparison.Ordinal);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("lockbox-alerts", root.GetProperty("topic").GetString());
        Assert.Equal(4, root.GetProperty("priority").GetInt32());
        Assert.Equal("Recovery mail for lastpass-7f3k@recovery.example from Bank "
            + "<no-reply@bank.example>", root.GetProperty("title").GetString());
        Assert.Contains("Subject:  Grüße aus Köln — パスワード\n",
            root.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_prefix_is_kept_and_no_token_means_no_authorization_header()
    {
        await using var sink = new HttpSink();
        using var channel = Channel(sink.Url("/ntfy/alerts_1"), token: null);

        await channel.SendAsync(Samples.Pending(Samples.Message()), CancellationToken.None);
        var request = await sink.NextAsync();

        Assert.Equal("/ntfy/", request.Path);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("alerts_1", json.RootElement.GetProperty("topic").GetString());
    }

    [Fact]
    public async Task A_refusal_is_a_failure_that_names_only_the_status()
    {
        await using var sink = new HttpSink { Respond = _ => 403 };
        using var channel = Channel(sink.Url("/t"), Token);

        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => channel.SendAsync(Samples.Pending(Samples.Message()), CancellationToken.None));

        Assert.Equal("http 403", AlertErrorClass.Of(error));
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_whole_body_stays_within_ntfys_4096_bytes_on_a_character_boundary()
    {
        using var channel = Channel(new Uri("https://ntfy.example/t"), null);
        var huge = Samples.Message() with
        {
            Recipients = [.. Enumerable.Range(0, 150).Select(i => $"ä{i}-ü@recovery.example")],
        };

        var body = channel.Build(Samples.Pending(huge));
        using var json = JsonDocument.Parse(body);
        var text = json.RootElement.GetProperty("message").GetString()!;

        Assert.InRange(body.Length, 3900, NtfyAlertChannel.MaxMessageBytes);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_print_without_the_token()
    {
        var options = new AlertOptions("n", "ntfy") { Token = Token };

        Assert.DoesNotContain(Token, options.ToString(), StringComparison.Ordinal);
    }

    private static NtfyAlertChannel Channel(Uri url, string? token) => new(
        new AlertOptions("alert1-ntfy", "ntfy") { Url = url, Token = token },
        Samples.BoxHostname);
}
