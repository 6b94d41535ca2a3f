using System.Net.Security;

namespace Lockbox.Receiving.Smtp;

/// <summary>
/// Every limit of the SMTP engine in one place. Defaults follow RFC 5321 §4.5.3 minimums with room
/// for real-world mail; <see cref="Validate"/> refuses values that would break the protocol.
/// </summary>
public sealed record SmtpServerOptions
{
    /// <summary>Name in the 220 greeting and the EHLO reply; no software name or version.</summary>
    public required string Hostname { get; init; }

    /// <summary>Largest message in octets after dot-unstuffing, advertised as SIZE (RFC 1870).
    /// RFC 5321 §4.5.3.1.7 requires at least 64 KiB.</summary>
    public long MaxMessageSize { get; init; } = 25L * 1024 * 1024;

    /// <summary>Longest command line without its CRLF; RFC 5321 §4.5.3.1.4 says 512, extensions
    /// (SIZE, BODY, SMTPUTF8) need more.</summary>
    public int MaxCommandLineLength { get; init; } = 2048;

    /// <summary>Longest line of message data without its CRLF. RFC 5321 §4.5.3.1.6 says 1000, but
    /// real mail breaks that, so at least 64 KiB is accepted.</summary>
    public int MaxDataLineLength { get; init; } = 1024 * 1024;

    /// <summary>Accepted RCPT TO per transaction; one more gets 452 4.5.3 (§4.5.3.1.10).</summary>
    public int MaxRecipients { get; init; } = 100;

    /// <summary>Concurrent sessions of the whole listener; one more gets 421, closed.</summary>
    public int MaxSessions { get; init; } = 100;

    /// <summary>Concurrent sessions from one IP address; one more gets 421 and is closed.</summary>
    public int MaxSessionsPerClient { get; init; } = 10;

    /// <summary>How long a read may wait between commands (§4.5.3.2.7: 5 minutes).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a read may wait inside DATA (§4.5.3.2.5-6: 3 and 10 minutes).</summary>
    // TODO: this bounds each read, not the whole DATA phase: a client sending one byte per
    // DataTimeout can hold a session for long; MaxSessionsPerClient caps what that costs.
    public TimeSpan DataTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Bad commands (5xx replies) a session may make before 421; never reset.</summary>
    public int MaxBadCommands { get; init; } = 10;

    /// <summary>Certificate (with its chain) for STARTTLS, asked at each EHLO and STARTTLS so a
    /// renewed one is picked up; STARTTLS is offered only while it returns one.</summary>
    public Func<SslStreamCertificateContext?>? TlsCertificate { get; init; }

    /// <summary>On stop, how long a session inside DATA may take to finish.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        Check(IsHostname(Hostname), nameof(Hostname), "must be a domain name");
        Check(MaxMessageSize >= 64 * 1024, nameof(MaxMessageSize), "must be at least 65536");
        Check(MaxCommandLineLength >= 512, nameof(MaxCommandLineLength), "must be at least 512");
        Check(MaxDataLineLength >= 64 * 1024, nameof(MaxDataLineLength), "must be at least 65536");
        Check(MaxRecipients >= 1, nameof(MaxRecipients), "must be at least 1");
        Check(MaxSessions >= 1, nameof(MaxSessions), "must be at least 1");
        Check(MaxSessionsPerClient >= 1, nameof(MaxSessionsPerClient), "must be at least 1");
        Check(IdleTimeout > TimeSpan.Zero, nameof(IdleTimeout), "must be positive");
        Check(DataTimeout > TimeSpan.Zero, nameof(DataTimeout), "must be positive");
        Check(MaxBadCommands >= 1, nameof(MaxBadCommands), "must be at least 1");
        Check(ShutdownGrace >= TimeSpan.Zero, nameof(ShutdownGrace), "must not be negative");
    }

    private static void Check(bool ok, string field, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{field} {rule}.", field);
        }
    }

    // The name goes verbatim into replies, so nothing but LDH labels may reach the wire.
    private static bool IsHostname(string? name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= 253
        && name.Split('.').All(label => label.Length is > 0 and <= 63
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
}
