namespace Lockbox.Configuration;

/// <summary>The whole configuration of one box, as read from lockbox.toml.</summary>
/// <param name="Hostname">Greeting name of the SMTP server; also named in alerts.</param>
/// <param name="SourcePath">The config file this was read from (for error messages).</param>
public sealed record LockboxOptions(
    string Hostname,
    SmtpOptions Smtp,
    StorageOptions Storage,
    IReadOnlyList<RecoveryAddress> Addresses,
    IReadOnlyList<AlertOptions> Alerts,
    string? SourcePath)
{
    /// <summary>The <c>[dns]</c> table; the system resolver when absent.</summary>
    public DnsOptions Dns { get; init; } = new((System.Net.IPEndPoint?)null);

    /// <summary>True when the box runs in trial mode (generated config, console alerts).</summary>
    public bool IsTrial { get; init; }

    /// <summary>The <c>[flood]</c> table, defaults when absent.</summary>
    public FloodOptions Flood { get; init; } = FloodOptions.Default;
}

/// <summary>The <c>[smtp]</c> table.</summary>
/// <param name="Listen">Endpoints such as <c>127.0.0.1:2525</c> or <c>[::1]:2525</c>.</param>
/// <param name="MaxMessageSize">Largest accepted message in bytes (advertised as SIZE).</param>
public sealed record SmtpOptions(IReadOnlyList<string> Listen, long MaxMessageSize)
{
    /// <summary><c>plus_tags</c>: when true, <c>name+tag@</c> delivers to <c>name@</c>; off by
    /// default, so a tagged address is a different, unknown mailbox.</summary>
    public bool PlusTags { get; init; }

    /// <summary>The <c>[smtp.tls]</c> table; null when STARTTLS is not offered.</summary>
    public TlsFiles? Tls { get; init; }
}

/// <summary>The <c>[smtp.tls]</c> table: PEM files, already absolute, checked at load.</summary>
/// <param name="CertificatePath">The certificate, optionally followed by its chain.</param>
/// <param name="KeyPath">Its private key (PKCS#8, PKCS#1 or SEC1), unencrypted.</param>
public sealed record TlsFiles(string CertificatePath, string KeyPath);

/// <summary>The <c>[storage]</c> table; <paramref name="Path"/> is already absolute.</summary>
public sealed record StorageOptions(string Path);

/// <summary>One <c>[[address]]</c> table: a recovery address the box accepts mail for.</summary>
/// <param name="Email">The address. A local part of exactly <c>*</c> accepts any local part at
/// the domain (used by the trial for <c>*@recovery.localhost</c>); <c>*</c> inside a longer
/// local part is an ordinary character. Stored as written; the server compares
/// case-insensitively.</param>
/// <param name="Expect">Sender domains this address expects mail from (<c>expect</c>): the
/// alert says whether a message is an authenticated one from them (or a subdomain).</param>
public sealed record RecoveryAddress(string Email, IReadOnlyList<string>? Expect = null);

/// <summary>The <c>[dns]</c> table.</summary>
/// <param name="Resolver">The name server sender checks ask; null for the system's.</param>
/// <param name="Enabled">False turns sender checks off (no DNS at all; alerts say "not
/// checked"), e.g. for a benchmark on a machine without a resolver.</param>
public sealed record DnsOptions(System.Net.IPEndPoint? Resolver, bool Enabled = true);

/// <summary>One <c>[[alert]]</c> table: a channel that tells the owner.</summary>
/// <param name="Name">Stable channel name used as the queue key, e.g. <c>alert1-email</c>.</param>
/// <param name="Type"><c>email</c>, <c>console</c>, <c>ntfy</c> or <c>webhook</c>.</param>
/// <param name="To">Owner address for email alerts.</param>
/// <param name="From">Sender address of email alerts.</param>
/// <param name="Smarthost">smtp://, smtp+starttls:// or smtps:// URL, user:pass@ allowed.</param>
public sealed record AlertOptions(
    string Name,
    string Type,
    string? To = null,
    string? From = null,
    Uri? Smarthost = null)
{
    /// <summary>ntfy topic URL or webhook URL.</summary>
    public Uri? Url { get; init; }

    /// <summary>ntfy access token (sent as a Bearer token); a secret.</summary>
    public string? Token { get; init; }

    /// <summary>Webhook HMAC-SHA256 key; a secret.</summary>
    public string? Secret { get; init; }

    /// <summary>The recovery addresses (as written in <c>[[address]]</c>) this channel serves;
    /// empty means all of them.</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>How much of the summary the channel's alerts reveal.</summary>
    public AlertDetail Detail { get; init; } = AlertDetail.Subject;

    // a record prints every property by default; the token, secret and smarthost password
    // must never reach a log line or an error through ToString
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name).Append(", Type = ").Append(Type);
        return true;
    }
}

/// <summary>How much of a message an alert reveals, from least to most.</summary>
public enum AlertDetail
{
    /// <summary>Only that something arrived: for which recovery address, when, its id.
    /// </summary>
    None,

    /// <summary>Also the From summary and the envelope sender.</summary>
    Sender,

    /// <summary>Also the Subject summary (the default).</summary>
    Subject,
}

/// <summary>The <c>[flood]</c> table: past <paramref name="Limit"/> alerts for one recovery
/// address within <paramref name="Window"/>, further messages are summed into one digest alert
/// per window until the rate falls.</summary>
public sealed record FloodOptions(bool Enabled, int Limit, TimeSpan Window)
{
    public static readonly FloodOptions Default = new(true, 20, TimeSpan.FromMinutes(10));
}
