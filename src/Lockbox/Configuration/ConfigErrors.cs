namespace Lockbox.Configuration;

/// <summary>
/// Makes every <see cref="ConfigException"/> of one file, so that the <c>file:line:</c> shape
/// and the removal of secrets happen in one place rather than at each call site.
/// </summary>
internal sealed class ConfigErrors
{
    private const string Blank = "***";

    private readonly List<string> secrets = [];

    public ConfigErrors(string filePath, string text)
    {
        FilePath = filePath;
        foreach (var candidate in Smarthost.PasswordCandidates(text))
        {
            AddSecret(candidate);
        }
    }

    public string FilePath { get; }

    /// <summary>Registers a value that must never appear in a message.</summary>
    public void AddSecret(string secret)
    {
        if (secret.Length > 0 && !secrets.Contains(secret))
        {
            secrets.Add(secret);

            // longest first, so a secret that contains another is blanked whole
            secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        }
    }

    /// <summary>An error about a line of the file.</summary>
    public ConfigException At(int line, string message) =>
        new(Scrub($"{FilePath}:{line}: {message}")) { FilePath = FilePath, Line = line };

    /// <summary>An error about the line a value came from.</summary>
    public ConfigException At(ConfigNode node, string message) => At(node.Line, message);

    public string Scrub(string message)
    {
        foreach (var secret in secrets)
        {
            message = message.Replace(secret, Blank, StringComparison.Ordinal);
        }

        return message;
    }
}
