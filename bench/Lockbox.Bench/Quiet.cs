namespace MailBench;

/// <summary>Waits until a system has finished its work: its tree's CPU time stops moving.
/// The reference keeps working after a notice is out (procmail still appends to the mbox);
/// Lockbox records the alert as sent. That work belongs to the load.</summary>
internal static class Quiet
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static async Task WaitAsync(ProcessTree tree, CancellationToken cancellationToken)
    {
        var before = tree.CpuTicks();
        for (var waited = TimeSpan.Zero; waited < Limit; waited += Step)
        {
            await Task.Delay(Step, cancellationToken);
            var now = tree.CpuTicks();
            if (now - before <= 1)
                return;

            before = now;
        }

        Report.Problem(
            $"process tree of pid {tree.RootPid} still busy after {Limit.TotalSeconds} s");
    }
}
