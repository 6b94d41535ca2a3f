using System.Text;

namespace Lockbox.Cli;

/// <summary>
/// Where the passphrase comes from: <c>LOCKBOX_PASSPHRASE</c>, else the trial's own file, else a
/// prompt without echo. It is handed on and never logged.
/// </summary>
public static class PassphraseSource
{
    public const string EnvironmentVariable = "LOCKBOX_PASSPHRASE";

    /// <summary>The passphrase from the environment, or null when unset or empty.</summary>
    public static string? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public static string Obtain(BoxContext box)
    {
        var fromEnvironment = FromEnvironment();
        if (fromEnvironment is not null)
        {
            return fromEnvironment;
        }

        if (box.Options.IsTrial && File.Exists(box.TrialPassphraseFile))
        {
            return File.ReadAllText(box.TrialPassphraseFile).Trim();
        }

        return Prompt($"Passphrase for {box.Layout.Root}: ");
    }

    private static string Prompt(string prompt)
    {
        if (Console.IsInputRedirected)
        {
            // a pipe or file: one line, as scripts expect
            var line = Console.In.ReadLine();
            return string.IsNullOrEmpty(line)
                ? throw new CliException(
                    $"no passphrase: set {EnvironmentVariable} or type it", ExitCodes.Refused)
                : line;
        }

        Console.Error.Write(prompt);
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
                continue;
            }

            if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return typed.ToString();
    }
}
