using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Json;

namespace AeUpdater.Tuf.Models;

/// <summary>
/// A metadata file: <c>{"signed": {...}, "signatures": [...]}</c>. Read from bytes, it keeps the <c>signed</c>
/// object exactly as received, and signatures are checked over its canonical JSON (unknown fields included); the
/// parsed <see cref="Payload"/> is for reading. <see cref="Sign"/> serializes <see cref="Payload"/> anew.
/// </summary>
public sealed class Metadata
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private JsonObject _signedJson;

    /// <summary>Wraps new <paramref name="payload"/> content, unsigned.</summary>
    public Metadata(SignedPayload payload)
    {
        Payload = payload;
        _signedJson = payload.ToJson();
    }

    private Metadata(SignedPayload payload, JsonObject signedJson, List<Signature> signatures, Dictionary<string, JsonNode?> rest)
    {
        Payload = payload;
        _signedJson = signedJson;
        Signatures = signatures;
        UnrecognizedFields = rest;
    }

    /// <summary>The parsed content.</summary>
    public SignedPayload Payload { get; }

    /// <summary>The signatures, at most one per key id.</summary>
    public List<Signature> Signatures { get; } = [];

    /// <summary>Top-level fields this library does not know, kept as received.</summary>
    public Dictionary<string, JsonNode?> UnrecognizedFields { get; } = new(StringComparer.Ordinal);

    /// <summary>Parses metadata bytes.</summary>
    /// <exception cref="MetadataFormatException">Not TUF metadata this library can read.</exception>
    public static Metadata FromBytes(ReadOnlySpan<byte> data)
    {
        var obj = JsonFields.Copy(JsonFields.AsObject(CanonicalJson.Parse(data), "The metadata"));
        var signedJson = JsonFields.TakeObject(obj, "signed", "The metadata");
        var signatures = JsonFields.TakeArray(obj, "signatures", "The metadata").Select(Signature.FromJson).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signature in signatures)
        {
            if (!seen.Add(signature.KeyId))
            {
                throw new MetadataFormatException($"The metadata has two signatures of key {signature.KeyId}.");
            }
        }

        // The canonical form must exist (no floats) before anything is trusted.
        _ = CanonicalJson.Encode(signedJson);
        var signed = SignedPayload.FromJson(signedJson);
        return new Metadata(signed, signedJson, signatures, JsonFields.Rest(obj));
    }

    /// <summary>The typed content, or a <see cref="MetadataFormatException"/> naming the expected type.</summary>
    public T As<T>()
        where T : SignedPayload =>
        Payload as T ?? throw new MetadataFormatException($"Expected {typeof(T).Name.ToLowerInvariant()} metadata, got '{Payload.Type}'.");

    /// <summary>The bytes that signatures cover: the canonical JSON of <c>signed</c> (as received, or as last signed).</summary>
    public byte[] GetSignedBytes() => CanonicalJson.Encode(_signedJson);

    /// <summary>Serializes <see cref="Payload"/> anew and signs it, replacing other signatures unless <paramref name="append"/>.</summary>
    public Signature Sign(TufSigner signer, bool append = false)
    {
        _signedJson = Payload.ToJson();
        var signature = new Signature(signer.KeyId, Convert.ToHexStringLower(signer.Sign(GetSignedBytes())));
        if (!append)
        {
            Signatures.Clear();
        }

        Signatures.RemoveAll(s => s.KeyId == signer.KeyId);
        Signatures.Add(signature);
        return signature;
    }

    /// <summary>The file bytes: indented UTF-8 JSON, <c>signed</c> as it is signed.</summary>
    public byte[] ToBytes()
    {
        var obj = new JsonObject
        {
            ["signatures"] = new JsonArray(Signatures.Select(s => (JsonNode)s.ToJson()).ToArray()),
            ["signed"] = _signedJson.DeepClone(),
        };
        JsonFields.AddRest(obj, UnrecognizedFields);
        return Encoding.UTF8.GetBytes(obj.ToJsonString(Indented));
    }
}
