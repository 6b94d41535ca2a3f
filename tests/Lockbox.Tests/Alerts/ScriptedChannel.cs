using System.Collections.Concurrent;
using Lockbox.Alerts;
using Lockbox.Vault;

namespace Lockbox.Tests.Alerts;

/// <summary>A channel whose attempts follow a script: succeed, fail, or hang until cancelled.
/// Once the script is used up, attempts succeed.</summary>
internal sealed class ScriptedChannel(string name, params ScriptedChannel.Step[] script)
    : IAlertChannel
{
    public enum Step
    {
        Succeed,
        Fail,
        Hang,
    }

    private readonly ConcurrentQueue<Step> _script = new(script);

    public string Name { get; } = name;

    public ConcurrentQueue<StoredMessage> Attempts { get; } = new();

    public async Task SendAsync(PendingAlert alert, CancellationToken cancellationToken)
    {
        Attempts.Enqueue(alert.StoredMessage);
        var step = _script.TryDequeue(out var next) ? next : Step.Succeed;
        switch (step)
        {
            case Step.Fail:
                throw new IOException("scripted failure");
            case Step.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
        }
    }
}
