namespace Lockbox.Tests.Support;

/// <summary>One message the <see cref="SmtpSink"/> accepted with 250.</summary>
/// <param name="ReversePath">MAIL FROM, without angle brackets; empty for &lt;&gt;.</param>
/// <param name="Recipients">RCPT TO addresses in order, without angle brackets.</param>
/// <param name="Data">The message exactly as sent after DATA, dot-unstuffed, CRLF line ends,
/// without the terminating ".".</param>
/// <param name="AuthenticatedUser">The AUTH PLAIN user of the session, if any.</param>
public sealed record SinkMessage(
    string ReversePath,
    IReadOnlyList<string> Recipients,
    byte[] Data,
    string? AuthenticatedUser);
