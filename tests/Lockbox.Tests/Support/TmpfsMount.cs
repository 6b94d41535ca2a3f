using System.Diagnostics;
using System.Globalization;

namespace Lockbox.Tests.Support;

/// <summary>
/// A small tmpfs file system mounted on a fresh folder, so that a test meets a real full disk
/// (ENOSPC from the kernel). Mounting needs root; <see cref="TryCreate"/> says why it could not.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private readonly TempFolder _folder;

    private TmpfsMount(TempFolder folder)
    {
        _folder = folder;
    }

    public string Path => _folder.Path;

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/>; null and a reason if impossible.
    /// </summary>
    public static TmpfsMount? TryCreate(long bytes, out string reason)
    {
        var folder = new TempFolder();
        var size = string.Create(CultureInfo.InvariantCulture, $"size={bytes}");
        var (exitCode, output) = Run("mount", "-t", "tmpfs", "-o", size, "tmpfs", folder.Path);
        if (exitCode != 0)
        {
            folder.Dispose();
            reason = $"cannot mount a tmpfs (needs root): exit {exitCode}: {output}";
            return null;
        }

        reason = "";
        return new TmpfsMount(folder);
    }

    /// <summary>Writes a filler file until the file system refuses; returns its path.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        var block = new byte[64 * 1024];
        using var stream = new FileStream(filler, FileMode.Create);
        try
        {
            // bounded: a tmpfs of a few MiB is full long before this
            for (var i = 0; i < 100_000; i++)
            {
                stream.Write(block);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            return filler;
        }

        throw new InvalidOperationException("the tmpfs never filled up");
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        _folder.Dispose();
    }

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
