using Lockbox.Configuration;

namespace Lockbox.Alerts;

/// <summary>
/// Writes alerts as a few lines of text, for the trial (stdout) and for operators who collect a
/// service's output. Each alert is written in one call, so concurrent alerts never interleave.
/// </summary>
public sealed class ConsoleAlertChannel : IAlertChannel
{
    private readonly TextWriter _output;
    private readonly string _boxHostname;
    private readonly AlertDetail _detail;
    private readonly Lock _writing = new();

    public ConsoleAlertChannel(
        string name,
        TextWriter output,
        string boxHostname,
        AlertDetail detail = AlertDetail.Subject)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(boxHostname);

        Name = name;
        _output = output;
        _boxHostname = boxHostname;
        _detail = detail;
    }

    public string Name { get; }

    public Task SendAsync(PendingAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        cancellationToken.ThrowIfCancellationRequested();

        var text = AlertText.Of(alert, _boxHostname, _detail);
        var indented = string.Join('\n', text.Body.TrimEnd('\n').Split('\n')
            .Select(line => line.Length == 0 ? line : "  " + line));
        var block = $"[lockbox alert] {text.Subject}\n{indented}\n\n";

        // a console write is short and local; a lock keeps each alert whole
        lock (_writing)
        {
            _output.Write(block);
            _output.Flush();
        }

        return Task.CompletedTask;
    }
}
