namespace Lockbox.Tests.Configuration;

/// <summary>A fresh folder per test, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("lockbox-config-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="text"/> to a file in the folder and returns its path.
    /// </summary>
    public string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
