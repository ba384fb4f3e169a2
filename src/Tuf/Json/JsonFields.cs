using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AeUpdater.Tuf.Json;

/// <summary>Strict readers for metadata fields: each takes the field out of a copy and says which field is wrong.</summary>
internal static class JsonFields
{
    public static JsonObject AsObject(JsonNode? node, string what) =>
        node as JsonObject ?? throw new MetadataFormatException($"{what} must be a JSON object.");

    public static JsonNode Take(JsonObject obj, string name, string what)
    {
        if (!obj.TryGetPropertyValue(name, out var value))
        {
            throw new MetadataFormatException($"{what}: the field '{name}' is missing.");
        }

        obj.Remove(name);
        return value ?? throw new MetadataFormatException($"{what}: the field '{name}' is null.");
    }

    public static JsonNode? TakeOptional(JsonObject obj, string name)
    {
        if (!obj.TryGetPropertyValue(name, out var value))
        {
            return null;
        }

        obj.Remove(name);
        return value;
    }

    public static string String(JsonNode node, string what) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new MetadataFormatException($"{what} must be a string.");

    public static string TakeString(JsonObject obj, string name, string what) => String(Take(obj, name, what), $"{what}: '{name}'");

    public static bool TakeBool(JsonObject obj, string name, string what)
    {
        var node = Take(obj, name, what);
        return node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValue<bool>()
            : throw new MetadataFormatException($"{what}: '{name}' must be true or false.");
    }

    public static long Integer(JsonNode node, string what) =>
        node is JsonValue v && CanonicalJson.TryGetInteger(v, out var value)
            ? value
            : throw new MetadataFormatException($"{what} must be an integer.");

    public static long TakeInteger(JsonObject obj, string name, string what) => Integer(Take(obj, name, what), $"{what}: '{name}'");

    public static JsonObject TakeObject(JsonObject obj, string name, string what) => AsObject(Take(obj, name, what), $"{what}: '{name}'");

    public static JsonArray TakeArray(JsonObject obj, string name, string what) =>
        Take(obj, name, what) as JsonArray ?? throw new MetadataFormatException($"{what}: '{name}' must be a JSON array.");

    public static List<string> TakeStringList(JsonObject obj, string name, string what, bool unique)
    {
        var list = TakeArray(obj, name, what).Select(n => String(n!, $"{what}: an item of '{name}'")).ToList();
        if (unique && list.Distinct(StringComparer.Ordinal).Count() != list.Count)
        {
            throw new MetadataFormatException($"{what}: '{name}' has duplicate entries.");
        }

        return list;
    }

    public static Dictionary<string, string> StringMap(JsonNode node, string what)
    {
        var obj = AsObject(node, what);
        return obj.ToDictionary(p => p.Key, p => String(p.Value!, $"{what}: '{p.Key}'"), StringComparer.Ordinal);
    }

    /// <summary>The fields that are left (unknown to this spec version): kept so they are written back and signed.</summary>
    public static Dictionary<string, JsonNode?> Rest(JsonObject obj) =>
        obj.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal);

    public static void AddRest(JsonObject obj, IEnumerable<KeyValuePair<string, JsonNode?>> rest)
    {
        foreach (var (key, value) in rest)
        {
            obj[key] = value?.DeepClone();
        }
    }

    public static JsonObject Copy(JsonObject obj) => (JsonObject)obj.DeepClone();

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
