namespace Lockbox.Vault.Age;

/// <summary>
/// One recipient stanza of an age header (spec "Recipient stanza"): a type, further
/// arguments, and a binary body that wraps the file key.
/// </summary>
/// <param name="Type">First argument, e.g. <c>X25519</c> or <c>scrypt</c>.</param>
/// <param name="Arguments">Arguments after the type; each is 1*VCHAR.</param>
/// <param name="Body">The decoded body.</param>
public sealed record AgeStanza(
    string Type, IReadOnlyList<string> Arguments, ReadOnlyMemory<byte> Body);
