using System.Globalization;
using System.Security.Cryptography;

namespace Lockbox.Vault.Age;

/// <summary>
/// Seals a file to a passphrase (spec "The scrypt recipient type"), as <c>age -p</c> does.
/// Its stanza must be the only one, so it cannot be combined with other recipients.
/// </summary>
public sealed class AgeScryptRecipient : IAgeRecipient
{
    private readonly string passphrase;

    private readonly int workFactor;

    /// <param name="passphrase">Non-empty; encoded as UTF-8.</param>
    /// <param name="workFactor">log2 of scrypt's N. 18 (age's default) costs about a second
    /// and 256 MiB; each step doubles both.</param>
    public AgeScryptRecipient(string passphrase, int workFactor = 18)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        ArgumentOutOfRangeException.ThrowIfLessThan(workFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workFactor, AgeScrypt.MaxLogN);

        this.passphrase = passphrase;
        this.workFactor = workFactor;
    }

    public bool RequiresSoleStanza => true;

    public IReadOnlyList<AgeStanza> Wrap(ReadOnlySpan<byte> fileKey)
    {
        var salt = RandomNumberGenerator.GetBytes(AgeScrypt.SaltSize);
        var wrapKeyBytes = AgeScrypt.DeriveWrapKey(passphrase, salt, workFactor);
        try
        {
            using var wrapKey = AgeKeys.ImportWrapKey(wrapKeyBytes);
            var body = AgeKeys.WrapFileKey(wrapKey, fileKey);
            string[] arguments =
                [AgeBase64.Encode(salt), workFactor.ToString(CultureInfo.InvariantCulture)];
            return [new AgeStanza(AgeScrypt.StanzaType, arguments, body)];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrapKeyBytes);
        }
    }

    public override string ToString() => $"scrypt passphrase recipient (logN {workFactor})";
}
