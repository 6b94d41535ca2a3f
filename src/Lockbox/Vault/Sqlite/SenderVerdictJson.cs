using System.Text.Json;
using System.Text.Json.Serialization;
using Lockbox.Authenticating;

namespace Lockbox.Vault.Sqlite;

/// <summary>The sender verdict as the index stores it: JSON by a source-generated serializer
/// (no reflection, so Native AOT stays clean). An unreadable value reads as "not checked".
/// </summary>
internal static class SenderVerdictJson
{
    public static string? Write(SenderVerdict? verdict) =>
        verdict is null
            ? null
            : JsonSerializer.Serialize(verdict, VerdictContext.Default.SenderVerdict);

    public static SenderVerdict? Read(string? json)
    {
        if (json is null)
            return null;

        try
        {
            return JsonSerializer.Deserialize(json, VerdictContext.Default.SenderVerdict);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(SenderVerdict))]
internal sealed partial class VerdictContext : JsonSerializerContext;
