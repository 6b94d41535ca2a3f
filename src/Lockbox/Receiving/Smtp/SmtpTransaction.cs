namespace Lockbox.Receiving.Smtp;

/// <summary>The state between MAIL FROM and the end of DATA (RFC 5321 §3.3).</summary>
/// <param name="reversePath">The sender; empty for the null path.</param>
/// <param name="smtpUtf8">MAIL carried SMTPUTF8, so addresses may be non-ASCII.</param>
internal sealed class SmtpTransaction(string reversePath, bool smtpUtf8)
{
    private readonly List<string> _recipients = [];

    public string ReversePath { get; } = reversePath;

    public bool SmtpUtf8 { get; } = smtpUtf8;

    /// <summary>Accepted recipients in the intake's form, without duplicates.</summary>
    public IReadOnlyList<string> Recipients => _recipients;

    public void AddRecipient(string mailbox)
    {
        if (!_recipients.Contains(mailbox, StringComparer.Ordinal))
        {
            _recipients.Add(mailbox);
        }
    }
}
