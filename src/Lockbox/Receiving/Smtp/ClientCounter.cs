using System.Net;

namespace Lockbox.Receiving.Smtp;

/// <summary>Open sessions per client IP; not thread-safe, the listener holds its lock.</summary>
internal sealed class ClientCounter
{
    private readonly Dictionary<IPAddress, int> _open = [];

    /// <summary>IPv4 clients reaching a dual-mode socket count as the same IPv4 address.</summary>
    public static IPAddress Key(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    // TODO: IPv6 clients count per /128 address, so one host with a /64 can open
    // MaxSessionsPerClient sessions from each of its addresses; only MaxSessions caps it.
    public bool TryEnter(IPAddress client, int limit)
    {
        var open = _open.GetValueOrDefault(client);
        if (open >= limit)
        {
            return false;
        }

        _open[client] = open + 1;
        return true;
    }

    public void Leave(IPAddress client)
    {
        var open = _open.GetValueOrDefault(client) - 1;
        if (open > 0)
        {
            _open[client] = open;
        }
        else
        {
            _open.Remove(client);
        }
    }
}
