namespace Lockbox.Tests.Summarizing;

/// <summary>
/// The .eml corpus beside this file. Each <c>name.eml</c> has a <c>name.expected</c> holding the
/// summary as <c>From: …</c> and <c>Subject: …</c> lines, and may have a <c>name.envelope</c>
/// holding the reverse-path (empty file: the null sender); the default is
/// <see cref="DefaultReversePath"/>. Every body and every non-summary header carries
/// <see cref="Marker"/>, which must never reach a summary.
/// </summary>
internal static class SummaryCorpus
{
    public const string Marker = "BODYMARKER-5c1e";

    public const string DefaultReversePath = "bounce@sender.example";

    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(CorpusDirectory(), "*.eml")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal);

    public static byte[] Eml(string name) => File.ReadAllBytes(PathOf(name, ".eml"));

    public static string ReversePath(string name)
    {
        var path = PathOf(name, ".envelope");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : DefaultReversePath;
    }

    public static string? Expected(string name)
    {
        var path = PathOf(name, ".expected");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>Writes the summarizer's output for a new case, to review and rename.</summary>
    public static void WriteActual(string name, string text) =>
        File.WriteAllText(PathOf(name, ".actual"), text);

    /// <summary>The header section as the receiver hands it over: up to and including the first
    /// empty line, or everything when there is none (a truncated header section).</summary>
    public static ReadOnlyMemory<byte> HeaderBlock(byte[] eml)
    {
        if (eml.AsSpan().StartsWith("\r\n"u8))
            return eml.AsMemory(0, 2);

        var end = eml.AsSpan().IndexOf("\r\n\r\n"u8);
        return end < 0 ? eml : eml.AsMemory(0, end + 4);
    }

    private static string PathOf(string name, string extension) =>
        Path.Combine(CorpusDirectory(), name + extension);

    private static string CorpusDirectory() =>
        Path.Combine(AppContext.BaseDirectory, "Summarizing", "Corpus");
}
