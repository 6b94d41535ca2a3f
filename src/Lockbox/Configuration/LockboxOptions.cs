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
/// <param name="Type"><c>email</c> or <c>console</c> (later <c>ntfy</c>, <c>webhook</c>).</param>
/// <param name="To">Owner address for email alerts.</param>
/// <param name="From">Sender address of email alerts.</param>
/// <param name="Smarthost">smtp://, smtp+starttls:// or smtps:// URL, user:pass@ allowed.</param>
public sealed record AlertOptions(
    string Name,
    string Type,
    string? To = null,
    string? From = null,
    Uri? Smarthost = null);
