using System.Text.Json.Nodes;
using AeUpdater.Tuf.Json;

namespace AeUpdater.Tuf.Models;

/// <summary>The keys allowed to sign a role and how many of them must (a root role entry).</summary>
public class Role
{
    /// <summary>Creates a role.</summary>
    public Role(IEnumerable<string> keyIds, int threshold)
    {
        KeyIds = keyIds.ToList();
        Threshold = threshold;
        Validate("role");
    }

    /// <summary>Creates a role from already validated values.</summary>
    private protected Role(List<string> keyIds, int threshold, Dictionary<string, JsonNode?> unrecognized)
    {
        KeyIds = keyIds;
        Threshold = threshold;
        UnrecognizedFields = unrecognized;
    }

    /// <summary>The key ids, each once.</summary>
    public List<string> KeyIds { get; }

    /// <summary>How many distinct keys must sign.</summary>
    public int Threshold { get; set; }

    /// <summary>Fields this library does not know, kept as received.</summary>
    public Dictionary<string, JsonNode?> UnrecognizedFields { get; } = new(StringComparer.Ordinal);

    internal static Role FromJson(JsonNode? node, string what)
    {
        var obj = JsonFields.Copy(JsonFields.AsObject(node, what));
        var keyIds = JsonFields.TakeStringList(obj, "keyids", what, unique: true);
        var threshold = ReadThreshold(obj, what);
        return new Role(keyIds, threshold, JsonFields.Rest(obj));
    }

    internal static int ReadThreshold(JsonObject obj, string what)
    {
        var threshold = JsonFields.TakeInteger(obj, "threshold", what);
        return threshold is >= 1 and <= int.MaxValue
            ? (int)threshold
            : throw new MetadataFormatException($"{what}: the threshold must be at least 1 (is {threshold}).");
    }

    internal virtual JsonObject ToJson()
    {
        var obj = new JsonObject { ["keyids"] = new JsonArray(KeyIds.Select(k => (JsonNode)k).ToArray()), ["threshold"] = Threshold };
        JsonFields.AddRest(obj, UnrecognizedFields);
        return obj;
    }

    private protected void Validate(string what)
    {
        if (Threshold < 1)
        {
            throw new ArgumentException($"{what}: the threshold must be at least 1.");
        }

        if (KeyIds.Distinct(StringComparer.Ordinal).Count() != KeyIds.Count)
        {
            throw new ArgumentException($"{what}: duplicate key ids.");
        }
    }
}
