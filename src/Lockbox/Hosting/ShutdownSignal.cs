using System.Runtime.InteropServices;

namespace Lockbox.Hosting;

/// <summary>Completes on SIGINT or SIGTERM, and keeps the runtime from ending the process so
/// the server can finish what it acknowledged.</summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly TaskCompletionSource _signalled =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    public Task Signalled => _signalled.Task;

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        _signalled.TrySetResult();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
