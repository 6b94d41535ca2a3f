using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Lockbox.Configuration;

/// <summary>
/// The configuration of a trial box: loopback only, any address at <c>recovery.localhost</c>,
/// alerts on the console. Written once, then left to the owner to edit.
/// </summary>
public static class TrialSetup
{
    /// <summary>The file name of the config inside a data folder.</summary>
    public const string FileName = "lockbox.toml";

    /// <summary>
    /// Returns the path of <c>lockbox.toml</c> in <paramref name="dataDirectory"/>, writing a
    /// trial config there first if there is none, and the trial's TLS certificate if missing.
    /// An existing config is never touched, so edits survive restarts. The write is atomic: a
    /// crash leaves either no file or a whole one.
    /// </summary>
    public static string EnsureConfig(string dataDirectory, int port)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        var folder = Path.GetFullPath(dataDirectory);
        var path = Path.Combine(folder, FileName);
        Vault.PrivateFolder.Create(folder);
        TrialCertificate.Ensure(folder, TimeProvider.System);
        if (File.Exists(path))
        {
            return path;
        }

        var temp = Path.Combine(folder, $".{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteDurably(temp, Render(port));

            // no overwrite: if another process wrote the file meanwhile, its file stands
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
        finally
        {
            File.Delete(temp);
        }

        return path;
    }

    /// <summary>
    /// The first port from <paramref name="preferred"/> upward that can be bound on 127.0.0.1,
    /// trying at most <paramref name="tries"/> ports. Another process may take the port before
    /// the server binds it; the server then fails with a clear error rather than guessing.
    /// </summary>
    /// <exception cref="InvalidOperationException">No port in the range is free.</exception>
    public static int FindFreePort(int preferred = 2525, int tries = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(preferred, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(preferred, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfLessThan(tries, 1);

        var last = (int)Math.Min((long)preferred + tries - 1, IPEndPoint.MaxPort);
        for (var port = preferred; port <= last; port++)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // in use or not allowed: try the next one
            }
            finally
            {
                listener.Stop();
            }
        }

        throw new InvalidOperationException(
            $"no free port on 127.0.0.1 from {preferred} to {last}");
    }

    private static void WriteDurably(string path, string text)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
        };
        if (!OperatingSystem.IsWindows())
        {
            // owner only: a real config later holds the smarthost password
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using (var writer = new StreamWriter(stream, leaveOpen: true))
        {
            writer.Write(text);
        }

        stream.Flush(flushToDisk: true);
    }

    private static string Render(int port) => string.Create(CultureInfo.InvariantCulture, $"""
        # Lockbox trial configuration, written because this folder had none.
        # Lockbox only reads this file: edit it freely, or delete it to get a fresh one.

        # The name the server greets senders with, and the box's name in alerts.
        hostname = "localhost"

        [smtp]
        # Where to accept mail: host:port or [v6]:port, IP addresses only; port 0 = any free port.
        # Loopback only, so the trial cannot be reached from other machines.
        listen = ["127.0.0.1:{port}"]
        # The largest message accepted, advertised as SIZE (RFC 1870). KB, MB, GB are powers of
        # 1000, KiB, MiB, GiB powers of 1024; a plain number is bytes.
        max_message_size = "25MiB"

        [smtp.tls]
        # STARTTLS (TLS 1.2 and 1.3) with a self-signed certificate made for this trial. A real box
        # names its own PEM files here; they are read again whenever they change.
        certificate = "{TrialCertificate.CertificateFile}"
        key = "{TrialCertificate.KeyFile}"

        [storage]
        # Where sealed messages are kept. A relative path is relative to this file's folder, so
        # "." is the folder this file is in.
        path = "."

        # One [[address]] table per recovery address.
        [[address]]
        # A local part of "*" accepts any local part at that domain. Names under .localhost
        # never leave this machine (RFC 6761 section 6.3).
        email = "*@recovery.localhost"

        [dns]
        # Sender checks (SPF, DKIM, DMARC) ask DNS. The trial never leaves this machine, so they
        # are off and alerts say "not checked". A real box leaves this table out (the system's
        # resolver) or names one: resolver = "127.0.0.53:53".
        enabled = false

        # How the owner is told that mail arrived; one [[alert]] table per channel.
        [[alert]]
        # "console" prints on this terminal. A real box uses type = "email" with to, from and
        # smarthost = "smtp://user:password@host:587", and a second channel: type = "ntfy" with
        # url = "https://ntfy.example/topic", or type = "webhook" with url and secret.
        # Any channel takes addresses = [...] (default: all) and detail = "subject", "sender"
        # or "none" (how much of the message an alert may reveal).
        type = "console"

        """);
}
