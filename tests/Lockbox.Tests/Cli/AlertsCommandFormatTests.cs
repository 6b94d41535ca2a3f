using Lockbox.Alerts;
using Lockbox.Cli;

namespace Lockbox.Tests.Cli;

/// <summary>One line per delivery state, as <c>lockbox alerts</c> prints it.</summary>
public sealed class AlertsCommandFormatTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, DeliveryStatus, string> Lines => new()
    {
        { "pending_never_tried",
            new(1, "m1", "alert1-ntfy", "pending", 0, T0, T0, null, null, null),
            "1  m1  alert1-ntfy  pending  attempts 0  next 2026-12-03T20:00:00Z" },
        { "failing_shows_next_attempt_and_last_error",
            new(2, "m1", "alert2-webhook", "pending", 3, T0, T0.AddMinutes(1), null, "http 500",
                null),
            "2  m1  alert2-webhook  failing  attempts 3  next 2026-12-03T20:01:00Z  "
            + "last error: http 500" },
        { "given_up_keeps_its_last_error",
            new(3, "m1", "alert3-email", "failed", 290, T0, null, null, "smtp 451", null),
            "3  m1  alert3-email  failed  attempts 290  given up  last error: smtp 451" },
        { "sent_digest_shows_its_count",
            new(4, "m2", "alert1-ntfy", "sent", 1, T0, null, T0.AddMinutes(10), null, 988),
            "4  m2  alert1-ntfy  sent  attempts 1  sent 2026-12-03T20:10:00Z  digest of 988" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void Each_state_is_one_line(string state, DeliveryStatus delivery, string expected) =>
        Assert.True(expected == AlertsCommand.FormatLine(delivery),
            $"{state}: {AlertsCommand.FormatLine(delivery)}");
}
