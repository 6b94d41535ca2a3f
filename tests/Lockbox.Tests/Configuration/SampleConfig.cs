namespace Lockbox.Tests.Configuration;

/// <summary>A valid config whose line numbers the bad-config table relies on.</summary>
internal static class SampleConfig
{
    /// <summary>The smarthost password; no error message may contain it.</summary>
    public const string Password = "hunter2-S3cret";

    public const string Text = $"""
        hostname = "mx.recovery.example"

        [smtp]
        listen = ["127.0.0.1:2525", "[::1]:2525"]
        max_message_size = "25MiB"

        [storage]
        path = "/var/lib/lockbox"

        [[address]]
        email = "lastpass-7f3k@recovery.example"

        [[alert]]
        type = "email"
        to = "owner@primary.example"
        from = "lockbox@recovery.example"
        smarthost = "smtp://alerts:{Password}@127.0.0.1:2526"

        """;
}
