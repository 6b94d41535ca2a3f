using System.Globalization;
using System.Security.Cryptography;

namespace Lockbox.Vault;

/// <summary>
/// Message ids sort by arrival and are safe as file names and on a command line:
/// <c>20261203-195612-3f9a1c2b</c> (UTC second, then 32 random bits).
/// </summary>
public static class MessageIds
{
    public static string Create(DateTimeOffset receivedAt)
    {
        var stamp = receivedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss",
            CultureInfo.InvariantCulture);
        var random = RandomNumberGenerator.GetHexString(8, lowercase: true);
        return $"{stamp}-{random}";
    }

    /// <summary>True when <paramref name="candidate"/> has the form of an id (nothing else is
    /// ever turned into a path).</summary>
    public static bool IsWellFormed(string candidate) =>
        candidate.Length == 24
        && candidate.All(c => char.IsAsciiDigit(c) || c == '-' || char.IsAsciiHexDigitLower(c))
        && candidate[8] == '-' && candidate[15] == '-';
}
