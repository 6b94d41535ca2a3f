using MailKit.Net.Smtp;

namespace Lockbox.Alerts;

/// <summary>
/// Open connections to one smarthost, kept between alerts: a burst of alerts then costs a few
/// connections instead of a TCP (and TLS, and login) handshake each. A connection idle for
/// <see cref="IdleLimit"/> is closed with QUIT, so a quiet box holds none open, and so is every
/// idle one when the box stops (<see cref="CloseAllAsync"/>).
/// </summary>
internal sealed class SmarthostConnections(TimeProvider time)
{
    /// <summary>Short of any smarthost's own idle timeout (RFC 5321 §4.5.3.2.7: 5 minutes).
    /// </summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(10);

    // short: closing at stop must fit in serve's 5-second promise beside the session grace
    private static readonly TimeSpan QuitLimit = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly List<(SmtpClient Client, DateTimeOffset Since)> _idle = [];
    private ITimer? _sweep;

    /// <summary>The most recently used open connection, or null when there is none.</summary>
    public SmtpClient? TakeIdle()
    {
        var stale = new List<SmtpClient>();
        SmtpClient? found = null;
        lock (_lock)
        {
            while (found is null && _idle.Count > 0)
            {
                var (client, _) = _idle[^1];
                _idle.RemoveAt(_idle.Count - 1);
                if (client.IsConnected)
                    found = client;
                else
                    stale.Add(client);
            }
        }

        stale.ForEach(client => client.Dispose());
        return found;
    }

    /// <summary>Keeps a connection that just delivered an alert for the next one.</summary>
    public void Return(SmtpClient client)
    {
        lock (_lock)
        {
            _idle.Add((client, time.GetUtcNow()));
            _sweep ??= time.CreateTimer(_ => Sweep(), null, IdleLimit, IdleLimit);
        }
    }

    /// <summary>Says QUIT on every idle connection, all at once, each bounded by a second.
    /// </summary>
    public Task CloseAllAsync()
    {
        List<SmtpClient> all;
        lock (_lock)
        {
            all = [.. _idle.Select(e => e.Client)];
            _idle.Clear();
            _sweep?.Dispose();
            _sweep = null;
        }

        return Task.WhenAll(all.Select(QuitAsync));
    }

    private void Sweep()
    {
        List<SmtpClient> stale;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            stale = [.. _idle.Where(e => now - e.Since >= IdleLimit).Select(e => e.Client)];
            _idle.RemoveAll(e => now - e.Since >= IdleLimit);
            if (_idle.Count == 0)
            {
                _sweep?.Dispose();
                _sweep = null;
            }
        }

        foreach (var client in stale)
            _ = QuitAsync(client);
    }

    private static async Task QuitAsync(SmtpClient client)
    {
        try
        {
            using var limit = new CancellationTokenSource(QuitLimit);
            await client.DisconnectAsync(quit: true, limit.Token);
        }
#pragma warning disable CA1031 // a connection being closed has nothing left to report
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            client.Dispose();
        }
    }
}
