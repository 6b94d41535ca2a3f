namespace Lockbox.Alerts;

/// <summary>
/// The smarthost does not offer an extension the config requires: STARTTLS for
/// <c>smtp+starttls://</c>, AUTH for a <c>user:pass@</c>. MailKit reports both as a bare
/// <see cref="NotSupportedException"/>; this names the missing extension so that
/// <c>lockbox alerts</c> tells the owner what to fix in the config.
/// </summary>
public sealed class SmarthostLacksException : Exception
{
    public SmarthostLacksException()
        : this("AUTH")
    {
    }

    public SmarthostLacksException(string extension)
        : this(extension, null)
    {
    }

    public SmarthostLacksException(string extension, Exception? innerException)
        : base($"the smarthost does not offer {extension}", innerException)
    {
        Extension = extension;
    }

    /// <summary><c>STARTTLS</c> or <c>AUTH</c>.</summary>
    public string Extension { get; }
}
