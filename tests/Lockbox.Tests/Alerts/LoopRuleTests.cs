using Lockbox.Alerts;
using Lockbox.Configuration;
using Lockbox.Tests.Receiving.Support;

namespace Lockbox.Tests.Alerts;

/// <summary>
/// Automatic answers to the box's own alerts are kept and listed but not alerted; everything
/// else is alerted, including the <c>auto-generated</c> notices that recovery mail is. One row
/// per case, named after what it pins.
/// </summary>
public sealed class LoopRuleTests
{
    private const string Recovery = "lastpass-7f3k@recovery.example";
    private const string AlertSender = "lockbox@recovery.example";
    private const string Bank = "no-reply@bank.example";

    private static readonly string AlertId =
        "<" + AlertMessageIds.Create(5, "20261203-200000-0badc0de", IntakeBox.Host) + ">";

    private static readonly AlertOptions[] Alerts =
    [
        new("alert1-console", "console"),
        new("alert2-email", "email", "owner@primary.example", AlertSender,
            new Uri("smtp://127.0.0.1:9")),
    ];

    public static TheoryData<string, string, string, string, bool> Cases => new()
    {
        // case, headers and body, reverse path, recipient, alerted
        { "bank_reset_auto_generated_is_alerted",
            $"From: {Bank}\r\nAuto-Submitted: auto-generated\r\nSubject: Reset\r\n\r\nx\r\n",
            "bounce@bank.example", Recovery, true },
        { "precedence_bulk_is_alerted",
            $"From: {Bank}\r\nPrecedence: bulk\r\nSubject: Reset\r\n\r\nx\r\n",
            "bounce@bank.example", Recovery, true },
        { "vacation_reply_to_an_alert_is_quiet",
            $"From: owner@primary.example\r\nAuto-Submitted: auto-replied\r\n"
            + $"In-Reply-To: {AlertId}\r\nSubject: Away\r\n\r\nx\r\n",
            "owner@primary.example", Recovery, false },
        { "x_autoreply_naming_an_alert_in_references_is_quiet",
            $"From: o@primary.example\r\nX-Autoreply: yes\r\n"
            + $"References: <a@b.example>\r\n {AlertId}\r\n\r\nx\r\n",
            "o@primary.example", Recovery, false },
        { "auto_reply_to_other_mail_is_alerted",
            "From: o@primary.example\r\nAuto-Submitted: auto-replied\r\n"
            + "In-Reply-To: <123@bank.example>\r\n\r\nx\r\n",
            "o@primary.example", Recovery, true },
        { "auto_generated_naming_an_alert_is_quiet",
            $"From: o@primary.example\r\nAuto-Submitted: auto-generated; type=ticket\r\n"
            + $"In-Reply-To: {AlertId}\r\n\r\nx\r\n",
            "o@primary.example", Recovery, false },
        { "auto_submitted_no_is_alerted",
            $"From: o@primary.example\r\nAuto-Submitted: no\r\nIn-Reply-To: {AlertId}\r\n\r\nx\r\n",
            "o@primary.example", Recovery, true },
        { "person_replying_to_an_alert_is_alerted",
            $"From: o@primary.example\r\nIn-Reply-To: {AlertId}\r\n\r\nx\r\n",
            "o@primary.example", Recovery, true },
        { "alert_id_of_another_host_is_alerted",
            "From: o@primary.example\r\nAuto-Submitted: auto-replied\r\n"
            + "In-Reply-To: <lockbox-alert.5.x@evil.example>\r\n\r\nx\r\n",
            "o@primary.example", Recovery, true },
        { "null_sender_notice_naming_an_alert_is_quiet",
            $"From: MAILER-DAEMON@primary.example\r\nIn-Reply-To: {AlertId}\r\n\r\nx\r\n",
            "", Recovery, false },
        { "dsn_returning_alert_headers_is_quiet", Report("delivery-status",
            "message/delivery-status", "Final-Recipient: rfc822; owner@primary.example\r\n",
            "text/rfc822-headers", $"Message-ID: {AlertId}\r\nSubject: alert\r\n"),
            "", Recovery, false },
        { "dsn_returning_the_whole_alert_is_quiet", Report("delivery-status",
            "message/delivery-status", "Action: failed\r\n",
            "message/rfc822", $"Message-ID: {AlertId}\r\nSubject: alert\r\n\r\nbody\r\n"),
            "", Recovery, false },
        { "dsn_about_other_mail_is_alerted", Report("delivery-status",
            "message/delivery-status", "Action: failed\r\n",
            "text/rfc822-headers", "Message-ID: <x@bank.example>\r\n"),
            "", Recovery, true },
        { "report_from_a_real_sender_is_alerted", Report("delivery-status",
            "message/delivery-status", "Action: failed\r\n",
            "text/rfc822-headers", $"Message-ID: {AlertId}\r\n"),
            "attacker@evil.example", Recovery, true },
        { "read_receipt_of_an_alert_is_quiet", Report("disposition-notification",
            "message/disposition-notification", $"Original-Message-ID: {AlertId}\r\n",
            "text/rfc822-headers", "Subject: alert\r\n"),
            "", Recovery, false },
        { "mail_to_the_alerts_sender_is_quiet",
            $"From: {Bank}\r\nSubject: Reset\r\n\r\nx\r\n", "bounce@bank.example", AlertSender,
            false },
        { "no_header_section_is_alerted", "\r\nbody only\r\n", "", Recovery, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Loop_mail_is_kept_but_not_alerted(
        string fault, string message, string reversePath, string recipient, bool alerted)
    {
        await using var box = await IntakeBox.OpenAsync(Alerts);

        var id = await box.StoreAsync(message, reversePath, recipient);

        var listed = await box.Index.ListAsync(CancellationToken.None);
        var quiet = await box.Index.ListQuietAsync(CancellationToken.None);
        var queued = await box.DeliveriesAsync();
        Assert.Equal(id, Assert.Single(listed).Id);
        Assert.True(alerted == (queued.Count > 0), fault);
        Assert.Equal(alerted ? 0 : 1, quiet.Count);
    }

    [Fact]
    public async Task A_bounce_quoting_a_real_email_alert_is_quiet()
    {
        await using var box = await IntakeBox.OpenAsync(Alerts);
        var channel = new EmailAlertChannel(Alerts[1], IntakeBox.Host);
        var alert = channel.Build(Samples.Pending(Samples.Message(), 12));
        using var headers = new MemoryStream();
        await alert.Headers.WriteToAsync(headers);

        await box.StoreAsync(Report("delivery-status", "message/delivery-status",
            "Action: failed\r\n", "text/rfc822-headers",
            System.Text.Encoding.ASCII.GetString(headers.ToArray())), "", Recovery);

        Assert.Equal("auto-generated", alert.Headers["Auto-Submitted"]);
        Assert.Empty(await box.DeliveriesAsync());
        Assert.Equal(LoopRule.ReportReason,
            Assert.Single(await box.Index.ListQuietAsync(CancellationToken.None)).Reason);
    }

    private static string Report(
        string reportType, string statusType, string status, string returnedType,
        string returned) =>
        "From: MAILER-DAEMON@primary.example\r\nSubject: Undelivered Mail\r\n"
        + "MIME-Version: 1.0\r\n"
        + $"Content-Type: multipart/report; report-type={reportType}; boundary=\"b1\"\r\n\r\n"
        + "--b1\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
        + $"--b1\r\nContent-Type: {statusType}\r\n\r\nReporting-MTA: dns; primary.example\r\n"
        + $"\r\n{status}\r\n"
        + $"--b1\r\nContent-Type: {returnedType}\r\n\r\n{returned}\r\n--b1--\r\n";
}
