namespace Lockbox.Vault;

/// <summary>
/// Creates the box's folders readable by the service user only. The index holds the secret
/// recovery addresses, senders and subjects in the clear, and the key file invites an offline
/// guess at the passphrase: no other local user may list or read them. A folder that already
/// exists keeps the mode its owner gave it.
/// </summary>
public static class PrivateFolder
{
    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
