using Lockbox.Configuration;

namespace Lockbox.Alerts;

/// <summary>
/// What the intake decided about alerting one message, for the index to record in the same
/// transaction as the message: which channels serve which of its recipients, the flood limits
/// the index applies per address, or why the message is kept without an alert.
/// </summary>
/// <param name="Routes">One per channel that serves at least one recipient.</param>
/// <param name="Quiet">Why the message gets no alert at all (see <see cref="LoopRule"/>), or
/// null.</param>
public sealed record AlertPlan(
    IReadOnlyList<AlertRoute> Routes, FloodOptions Flood, string? Quiet = null)
{
    /// <summary>Every channel for every recipient, without flood limits: the plan of a box
    /// whose channels all serve every address.</summary>
    public static AlertPlan Everyone(
        IReadOnlyList<string> channels, IReadOnlyList<string> recipients) => new(
        [.. channels.Select(c => new AlertRoute(c, recipients))],
        FloodOptions.Default with { Enabled = false });
}

/// <summary>A channel and the recipients of the message it serves.</summary>
public sealed record AlertRoute(string Channel, IReadOnlyList<string> Addresses);
