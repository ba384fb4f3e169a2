using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AeUpdater.Tuf.Json;

namespace AeUpdater.Tuf.Models;

/// <summary>A public key as TUF writes it: <c>{"keytype", "scheme", "keyval": {"public": ...}}</c>.</summary>
public sealed class Key
{
    /// <summary>Creates a key.</summary>
    public Key(string keyType, string scheme, string publicValue)
    {
        KeyType = keyType;
        Scheme = scheme;
        KeyVal = new JsonObject { ["public"] = publicValue };
    }

    private Key(string keyType, string scheme, JsonObject keyVal, Dictionary<string, JsonNode?> unrecognized)
    {
        KeyType = keyType;
        Scheme = scheme;
        KeyVal = keyVal;
        UnrecognizedFields = unrecognized;
    }

    /// <summary>The key type: <c>ed25519</c>, <c>ecdsa</c> (or <c>ecdsa-sha2-nistp256</c>), <c>rsa</c>.</summary>
    public string KeyType { get; }

    /// <summary>The signature scheme: <c>ed25519</c>, <c>ecdsa-sha2-nistp256</c>, <c>rsassa-pss-sha256</c>.</summary>
    public string Scheme { get; }

    /// <summary>The key value object (kept as received).</summary>
    internal JsonObject KeyVal { get; }

    /// <summary>The public key: hex of the raw 32 bytes for ed25519, PEM SubjectPublicKeyInfo for the others.</summary>
    public string? Public => KeyVal["public"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Fields this library does not know, kept as received.</summary>
    public Dictionary<string, JsonNode?> UnrecognizedFields { get; } = new(StringComparer.Ordinal);

    /// <summary>The key id TUF computes: the hex SHA-256 of the canonical JSON of the key.</summary>
    public string ComputeKeyId() => Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Encode(ToJson())));

    internal static Key FromJson(JsonNode? node, string what)
    {
        var obj = JsonFields.Copy(JsonFields.AsObject(node, what));
        var keyType = JsonFields.TakeString(obj, "keytype", what);
        var scheme = JsonFields.TakeString(obj, "scheme", what);
        var keyVal = JsonFields.TakeObject(obj, "keyval", what);
        return new Key(keyType, scheme, keyVal, JsonFields.Rest(obj));
    }

    internal JsonObject ToJson()
    {
        var obj = new JsonObject { ["keytype"] = KeyType, ["scheme"] = Scheme, ["keyval"] = KeyVal.DeepClone() };
        JsonFields.AddRest(obj, UnrecognizedFields);
        return obj;
    }
}
