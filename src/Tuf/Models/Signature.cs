using System.Text.Json.Nodes;
using AeUpdater.Tuf.Json;

namespace AeUpdater.Tuf.Models;

/// <summary>One signature of a metadata file: the key id and the signature as hex.</summary>
public sealed class Signature
{
    /// <summary>Creates a signature.</summary>
    public Signature(string keyId, string sig)
    {
        KeyId = keyId;
        Sig = sig;
    }

    /// <summary>The id of the key that made it.</summary>
    public string KeyId { get; }

    /// <summary>The signature bytes as hex (DER for ECDSA).</summary>
    public string Sig { get; }

    /// <summary>Fields this library does not know, kept as received.</summary>
    public Dictionary<string, JsonNode?> UnrecognizedFields { get; private init; } = new(StringComparer.Ordinal);

    internal static Signature FromJson(JsonNode? node)
    {
        var obj = JsonFields.Copy(JsonFields.AsObject(node, "a signature"));
        var keyId = JsonFields.TakeString(obj, "keyid", "a signature");
        var sig = JsonFields.TakeString(obj, "sig", "a signature");
        return new Signature(keyId, sig) { UnrecognizedFields = JsonFields.Rest(obj) };
    }

    internal JsonObject ToJson()
    {
        var obj = new JsonObject { ["keyid"] = KeyId, ["sig"] = Sig };
        JsonFields.AddRest(obj, UnrecognizedFields);
        return obj;
    }
}
