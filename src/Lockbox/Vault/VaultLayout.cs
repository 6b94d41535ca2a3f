namespace Lockbox.Vault;

/// <summary>
/// The on-disk layout of one box under <c>storage.path</c>. The only type that knows file names,
/// so that a different store (PostgreSQL, a blob store) changes this and nothing else.
/// </summary>
public sealed class VaultLayout(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The box's private key: an age identity sealed under the passphrase
    /// (scrypt).</summary>
    public string KeyFile => Path.Combine(Root, "box.key.age");

    /// <summary>The box's public key (<c>age1…</c>): all the server needs to seal mail.</summary>
    public string RecipientFile => Path.Combine(Root, "box.pub");

    public string IndexDatabase => Path.Combine(Root, "lockbox.db");

    /// <summary>Sealed messages, one <c>ID.age</c> each.</summary>
    public string MessagesFolder => Path.Combine(Root, "messages");

    /// <summary>Messages still being received; never read, swept at start-up.</summary>
    public string IncomingFolder => Path.Combine(Root, "incoming");

    public string SealedMessagePath(string messageId) =>
        Path.Combine(MessagesFolder, messageId + ".age");

    public string IncomingPath(string messageId) =>
        Path.Combine(IncomingFolder, messageId + ".part");
}
