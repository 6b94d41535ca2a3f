namespace Lockbox.Tests.Support;

/// <summary>A folder of real files for one test, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("lockbox-test-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) =>
        System.IO.Path.Combine([Path, .. parts]);

    /// <summary>The path of <paramref name="name"/> inside the folder.</summary>
    public string File(string name) => Combine(name);

    /// <summary>Writes <paramref name="text"/> to a file in the folder and returns its path.
    /// </summary>
    public string Write(string name, string text)
    {
        var path = Combine(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a process killed in the test may still hold a file for a moment; leave it to /tmp
        }
    }
}
