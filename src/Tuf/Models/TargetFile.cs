using System.Text.Json.Nodes;
using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Json;

namespace AeUpdater.Tuf.Models;

/// <summary>A target as targets metadata lists it: its path, length, hashes and optional custom data.</summary>
public sealed class TargetFile
{
    /// <summary>Creates the entry.</summary>
    public TargetFile(string path, long length, Dictionary<string, string> hashes, JsonNode? custom = null)
    {
        if (hashes.Count == 0)
        {
            throw new ArgumentException("A target needs at least one hash.", nameof(hashes));
        }

        Path = path;
        Length = length;
        Hashes = hashes;
        Custom = custom;
    }

    /// <summary>The target path (the key in <c>targets</c>), <c>/</c>-separated.</summary>
    public string Path { get; }

    /// <summary>The length in bytes.</summary>
    public long Length { get; }

    /// <summary>Hashes by algorithm, hex.</summary>
    public Dictionary<string, string> Hashes { get; }

    /// <summary>The opaque <c>custom</c> object, when given.</summary>
    public JsonNode? Custom { get; }

    /// <summary>Fields this library does not know, kept as received.</summary>
    public Dictionary<string, JsonNode?> UnrecognizedFields { get; private init; } = new(StringComparer.Ordinal);

    /// <summary>Creates the entry for a local file (length, SHA-256 and SHA-512).</summary>
    public static TargetFile FromFile(string targetPath, string localPath, JsonNode? custom = null)
    {
        using var stream = File.OpenRead(localPath);
        var (length, hashes) = Hashing.Compute(stream, ["sha256", "sha512"]);
        return new TargetFile(targetPath, length, hashes, custom);
    }

    /// <summary>Creates the entry for bytes (length, SHA-256 and SHA-512).</summary>
    public static TargetFile FromBytes(string targetPath, byte[] data, JsonNode? custom = null)
    {
        using var stream = new MemoryStream(data, writable: false);
        var (length, hashes) = Hashing.Compute(stream, ["sha256", "sha512"]);
        return new TargetFile(targetPath, length, hashes, custom);
    }

    internal static TargetFile FromJson(string path, JsonNode? node)
    {
        var what = $"target '{path}'";
        var obj = JsonFields.Copy(JsonFields.AsObject(node, what));
        var length = JsonFields.TakeInteger(obj, "length", what);
        if (length < 0)
        {
            throw new MetadataFormatException($"{what}: the length must not be negative.");
        }

        var hashes = JsonFields.StringMap(JsonFields.Take(obj, "hashes", what), $"{what}: 'hashes'");
        if (hashes.Count == 0)
        {
            throw new MetadataFormatException($"{what}: 'hashes' must not be empty.");
        }

        var custom = JsonFields.TakeOptional(obj, "custom");
        return new TargetFile(path, length, hashes, custom?.DeepClone()) { UnrecognizedFields = JsonFields.Rest(obj) };
    }

    internal JsonObject ToJson()
    {
        var obj = new JsonObject { ["length"] = Length, ["hashes"] = MetaFile.HashesToJson(Hashes) };
        if (Custom is not null)
        {
            obj["custom"] = Custom.DeepClone();
        }

        JsonFields.AddRest(obj, UnrecognizedFields);
        return obj;
    }
}
