using System.Net;

namespace Lockbox.Receiving;

/// <summary>What the SMTP transaction said about a message, outside its content.</summary>
/// <param name="Client">The connecting peer.</param>
/// <param name="HeloName">The name given in EHLO or HELO.</param>
/// <param name="ReversePath">MAIL FROM address; empty for the null sender &lt;&gt;.</param>
/// <param name="Recipients">Accepted RCPT TO addresses, normalised to the configured form.</param>
/// <param name="Protocol">RFC 3848 "with" keyword for the Received header: SMTP, ESMTP,
/// ESMTPS, UTF8SMTP, UTF8SMTPS.</param>
public sealed record Envelope(
    IPEndPoint Client,
    string HeloName,
    string ReversePath,
    IReadOnlyList<string> Recipients,
    string Protocol);
