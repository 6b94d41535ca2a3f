using NSec.Cryptography;

namespace Lockbox.Vault.Age;

/// <summary>
/// A parsed age header (spec "Header"): its stanzas, its MAC, and the exact bytes the MAC
/// covers (the header up to and including <c>---</c>).
/// </summary>
internal sealed record AgeHeader(IReadOnlyList<AgeStanza> Stanzas, byte[] Mac, byte[] MacInput)
{
    public const string VersionLine = "age-encryption.org/v1";

    public const int MacSize = 32;

    /// <summary>True when <paramref name="fileKey"/> authenticates this header.</summary>
    public bool IsAuthenticBy(ReadOnlySpan<byte> fileKey)
    {
        // NSec's Verify compares in constant time
        using var key = AgeKeys.DeriveHeaderMacKey(fileKey);
        return MacAlgorithm.HmacSha256.Verify(key, MacInput, Mac);
    }

    /// <summary>An argument is 1*VCHAR: printable ASCII, no spaces (spec ABNF).</summary>
    public static bool IsArgument(string text) =>
        text.Length > 0 && text.All(c => c is >= '!' and <= '~');
}
