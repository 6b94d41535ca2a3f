using Lockbox.Vault.Age;

namespace Lockbox.Tests.Vault.Age;

internal static class AgeTestData
{
    /// <summary>Low enough that scrypt costs milliseconds, high enough to be real scrypt.</summary>
    public const int LowWorkFactor = 10;

    public static byte[] Plaintext(int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        return data;
    }

    public static async Task<byte[]> EncryptAsync(
        byte[] plaintext, IReadOnlyList<IAgeRecipient> recipients, int writeSize = 4096)
    {
        using var output = new MemoryStream();
        await using (var sealing = AgeWriter.CreateEncryptingStream(
            output, recipients, leaveOpen: true))
        {
            // odd-sized writes exercise the chunk buffering
            for (var offset = 0; offset < plaintext.Length; offset += writeSize)
            {
                var count = Math.Min(writeSize, plaintext.Length - offset);
                await sealing.WriteAsync(plaintext.AsMemory(offset, count));
            }
        }

        return output.ToArray();
    }

    public static async Task<byte[]> DecryptAsync(byte[] file, IAgeIdentity identity)
    {
        using var input = new MemoryStream(file);
        using var output = new MemoryStream();
        await AgeReader.DecryptAsync(input, identity, output, CancellationToken.None);
        return output.ToArray();
    }

    /// <summary>Length of the header, found by its MAC line.</summary>
    public static int HeaderLength(byte[] file)
    {
        var text = System.Text.Encoding.Latin1.GetString(file);
        var mac = text.IndexOf("\n--- ", StringComparison.Ordinal);
        return text.IndexOf('\n', mac + 1) + 1;
    }
}
