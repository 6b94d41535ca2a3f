using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;

namespace Lockbox.Vault.Age;

/// <summary>
/// The scrypt wrap key of spec "scrypt recipient stanza": scrypt(N = 2^logN, r = 8, p = 1,
/// dkLen = 32, S = "age-encryption.org/v1/scrypt" || salt, P = UTF-8 passphrase). Uses
/// BouncyCastle because NSec's scrypt refuses age's 44-byte salt.
/// </summary>
internal static class AgeScrypt
{
    public const string StanzaType = "scrypt";

    public const int SaltSize = 16;

    /// <summary>Highest logN accepted anywhere: 2^30 × 1 KiB of memory is absurd.</summary>
    public const int MaxLogN = 30;

    private static readonly byte[] Label = "age-encryption.org/v1/scrypt"u8.ToArray();

    public static byte[] DeriveWrapKey(string passphrase, ReadOnlySpan<byte> salt, int logN)
    {
        var fullSalt = new byte[Label.Length + salt.Length];
        Label.CopyTo(fullSalt, 0);
        salt.CopyTo(fullSalt.AsSpan(Label.Length));

        var password = Encoding.UTF8.GetBytes(passphrase);
        try
        {
            return SCrypt.Generate(password, fullSalt, 1 << logN, 8, 1, 32);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    /// <summary>Reads logN per spec: <c>^[1-9][0-9]*$</c>, or null when malformed.</summary>
    public static int? ParseLogN(string text)
    {
        if (text.Length is 0 or > 2 || text[0] == '0' || !text.All(char.IsAsciiDigit))
            return null;

        return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
