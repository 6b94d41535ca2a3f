namespace Lockbox.Configuration;

/// <summary>
/// Reads <c>lockbox.toml</c> into <see cref="LockboxOptions"/>. Anything the loader does not
/// understand is an error, not a default: a misspelt key in a security tool must not be
/// silently ignored.
/// </summary>
public static class ConfigLoader
{
    private static readonly string[] RootKeys =
        ["hostname", "smtp", "storage", "address", "alert", "dns", "flood"];

    /// <summary>Reads and validates the file.</summary>
    /// <exception cref="ConfigException">The file is missing, unreadable, not TOML, or not a
    /// valid configuration; the message is one line naming file, line and key.</exception>
    public static LockboxOptions Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var text = ReadText(fullPath);

        var errors = new ConfigErrors(fullPath, text);
        var root = new TableReader(ConfigTreeBuilder.Build(text, errors), errors);
        root.RejectUnknownKeys(RootKeys);

        var hostname = ReadHostname(root);
        var configFolder = Path.GetDirectoryName(fullPath)!;
        var smtp = SmtpSection.Read(root.OptionalTable("smtp"), errors, configFolder);
        var storage = ReadStorage(root, configFolder);
        var addresses = ReadAddresses(root);
        var alerts = AlertSection.Read(root, addresses);
        var flood = FloodSection.Read(root.OptionalTable("flood"), errors);

        var dns = DnsSection.Read(root.OptionalTable("dns"), errors);

        return new LockboxOptions(hostname, smtp, storage, addresses, alerts, fullPath)
        {
            Dns = dns,
            Flood = flood,
        };
    }

    private static string ReadText(string fullPath)
    {
        // reading a folder fails as "access denied", which sends one to check permissions
        if (Directory.Exists(fullPath))
        {
            throw new ConfigException($"{fullPath}: is a folder, not a config file")
            {
                FilePath = fullPath,
            };
        }

        try
        {
            return File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigException($"{fullPath}: config file not found", e)
            {
                FilePath = fullPath,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{fullPath}: cannot read config file: {e.Message}", e)
            {
                FilePath = fullPath,
            };
        }
    }

    private static string ReadHostname(TableReader root)
    {
        var hostname = root.RequiredString("hostname", "\"mx.example.org\"");
        var problem = EmailAddressCheck.DomainProblem(hostname);
        return problem is null
            ? hostname
            : throw root.Errors.At(root.Get("hostname")!,
                $"'hostname' must be a host name such as mx.example.org ('{hostname}' {problem})");
    }

    private static StorageOptions ReadStorage(TableReader root, string configFolder)
    {
        var table = root.OptionalTable("storage")
            ?? throw root.Errors.At(1,
                "missing required table [storage]; add [storage] with path = \"/var/lib/lockbox\"");
        var reader = new TableReader(table, root.Errors);
        reader.RejectUnknownKeys(["path"]);

        var path = reader.RequiredString("path", "\"/var/lib/lockbox\"");
        if (path.StartsWith('~'))
        {
            throw root.Errors.At(reader.Get("path")!,
                $"{reader.Name("path")} starts with '~', which is not expanded; "
                + "write the full path");
        }

        // relative to the config file, so a box folder can be moved or copied as a whole
        var fullPath = Path.GetFullPath(Path.Combine(configFolder, path));

        // a file where the folder (or one of its parents) should be would otherwise surface
        // later as an unexplained I/O error, or as an empty box
        if (FileInTheWay(fullPath) is { } file)
        {
            throw root.Errors.At(reader.Get("path")!,
                $"{reader.Name("path")} must be a folder, but '{file}' is a file");
        }

        return new StorageOptions(fullPath);
    }

    private static string? FileInTheWay(string folder)
    {
        for (var current = folder; current is not null; current = Path.GetDirectoryName(current))
        {
            if (Directory.Exists(current))
            {
                return null;
            }

            if (File.Exists(current))
            {
                return current;
            }
        }

        return null;
    }

    private static List<RecoveryAddress> ReadAddresses(TableReader root)
    {
        var tables = root.TableArray("address");
        if (tables.Count == 0)
        {
            throw root.Errors.At(1, "missing required [[address]] table; add at least one with "
                + "email = \"name@your.domain\"");
        }

        var addresses = new List<RecoveryAddress>();
        var lines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in tables)
        {
            var reader = new TableReader(table, root.Errors);
            reader.RejectUnknownKeys(["email", "expect"]);
            var email = reader.RequiredString("email", "\"name@your.domain\"");
            var node = reader.Get("email")!;

            var problem = EmailAddressCheck.Problem(email, allowWildcard: true);
            if (problem is not null)
            {
                throw root.Errors.At(node, $"{reader.Name("email")} {problem}");
            }

            // the server matches case-insensitively, so these would be the same mailbox
            if (!lines.TryAdd(email, node.Line))
            {
                throw root.Errors.At(node,
                    $"{reader.Name("email")} repeats the address on line {lines[email]}");
            }

            addresses.Add(new RecoveryAddress(email, DnsSection.ReadExpect(reader)));
        }

        return addresses;
    }
}
