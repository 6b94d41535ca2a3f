using System.Text;

namespace Lockbox.Summarizing;

/// <summary>
/// Registers the legacy code pages (windows-1251, koi8-r, iso-2022-jp...) with .NET. MimeKit
/// caches which charsets exist on first use, so this must run before any MimeKit parse;
/// otherwise those charsets silently decode as Latin-1 mojibake.
/// </summary>
public static class LegacyCharsets
{
    private static readonly Lazy<bool> Registration = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    /// <summary>Idempotent and thread-safe; call before the first MimeKit use.</summary>
    public static void EnsureRegistered() => _ = Registration.Value;
}
