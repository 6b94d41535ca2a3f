using System.Security.Cryptography;
using Lockbox.Receiving.Tls;

namespace Lockbox.Configuration;

/// <summary>
/// Reads the optional <c>[smtp.tls]</c> table. Both files are loaded once here, so a wrong
/// path or a key that does not match its certificate stops the start with the line at fault,
/// rather than surfacing later as STARTTLS quietly missing.
/// </summary>
internal static class TlsSection
{
    private static readonly string[] Keys = ["certificate", "key"];

    public static TlsFiles? Read(ConfigTable? table, ConfigErrors errors, string configFolder)
    {
        if (table is null)
        {
            return null;
        }

        var reader = new TableReader(table, errors);
        reader.RejectUnknownKeys(Keys);
        var certificate = ReadPath(reader, "certificate", configFolder);
        var key = ReadPath(reader, "key", configFolder);

        try
        {
            using var loaded = PemCertificate.Load(certificate, key);
            return new TlsFiles(certificate, key);
        }
        catch (CryptographicException e)
        {
            throw errors.At(reader.Get("certificate")!,
                $"{reader.Name("certificate")} and {reader.Name("key")} are not a PEM "
                + $"certificate and its matching private key ({Describe(e)})");
        }
    }

    private static string ReadPath(TableReader reader, string key, string configFolder)
    {
        var value = reader.RequiredString(key, $"\"{key}.pem\"");

        // relative to the config file, like [storage] path
        var path = Path.GetFullPath(Path.Combine(configFolder, value));
        try
        {
            using var stream = File.OpenRead(path);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var problem = e is FileNotFoundException or DirectoryNotFoundException
                ? "no such file"
                : "cannot be read";
            throw reader.Errors.At(reader.Get(key)!,
                $"{reader.Name(key)}: {problem}: {path}");
        }
    }

    // the message of a PEM failure names what was missing, never key material
    private static string Describe(CryptographicException e) =>
        e.Message.Length is > 0 and < 200 ? e.Message.TrimEnd('.') : "unreadable PEM";
}
