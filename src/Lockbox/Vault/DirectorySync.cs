using System.Runtime.InteropServices;

namespace Lockbox.Vault;

/// <summary>
/// fsync of a folder, so that a rename into it survives power loss (POSIX leaves the directory
/// entry in the page cache otherwise). .NET has no API for it, hence the two libc calls.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY on Linux

    public static void Flush(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var descriptor = Open(folder, ReadOnlyDirectory);
        if (descriptor < 0)
        {
            throw new IOException($"cannot open folder {folder} to sync it",
                Marshal.GetLastPInvokeError());
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"cannot sync folder {folder}",
                    Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true,
        StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
