using System.Text.Json.Nodes;
using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Json;

namespace AeUpdater.Tuf.Models;

/// <summary>What timestamp says of snapshot and snapshot of each targets role: version, and optionally length and hashes.</summary>
public sealed class MetaFile
{
    /// <summary>Creates the entry.</summary>
    public MetaFile(long version, long? length = null, Dictionary<string, string>? hashes = null)
    {
        Version = version;
        Length = length;
        Hashes = hashes;
    }

    /// <summary>The version of the role's metadata.</summary>
    public long Version { get; set; }

    /// <summary>The length in bytes, when given.</summary>
    public long? Length { get; set; }

    /// <summary>Hashes by algorithm (<c>sha256</c>, <c>sha512</c>), hex; when given.</summary>
    public Dictionary<string, string>? Hashes { get; set; }

    /// <summary>Fields this library does not know, kept as received.</summary>
    public Dictionary<string, JsonNode?> UnrecognizedFields { get; private init; } = new(StringComparer.Ordinal);

    /// <summary>Checks the length and hashes that are given against <paramref name="data"/> (spec 5.5.2, 5.6.2).</summary>
    /// <exception cref="LengthOrHashMismatchException">They differ, or an algorithm is not supported.</exception>
    public void VerifyLengthAndHashes(ReadOnlySpan<byte> data, string what)
    {
        if (Length is { } length && data.Length != length)
        {
            throw new LengthOrHashMismatchException($"{what}: the length is {data.Length} bytes, the trusted metadata says {length}.");
        }

        if (Hashes is not null)
        {
            Hashing.Verify(Hashes, data, what);
        }
    }

    internal static MetaFile FromJson(JsonNode? node, string what)
    {
        var obj = JsonFields.Copy(JsonFields.AsObject(node, what));
        var version = JsonFields.TakeInteger(obj, "version", what);
        if (version <= 0)
        {
            throw new MetadataFormatException($"{what}: the version must be positive (is {version}).");
        }

        long? length = null;
        if (JsonFields.TakeOptional(obj, "length") is { } lengthNode)
        {
            length = JsonFields.Integer(lengthNode, $"{what}: 'length'");
            if (length < 0)
            {
                throw new MetadataFormatException($"{what}: the length must not be negative.");
            }
        }

        Dictionary<string, string>? hashes = null;
        if (JsonFields.TakeOptional(obj, "hashes") is { } hashesNode)
        {
            hashes = JsonFields.StringMap(hashesNode, $"{what}: 'hashes'");
            if (hashes.Count == 0)
            {
                throw new MetadataFormatException($"{what}: 'hashes' must not be empty.");
            }
        }

        return new MetaFile(version, length, hashes) { UnrecognizedFields = JsonFields.Rest(obj) };
    }

    internal JsonObject ToJson()
    {
        var obj = new JsonObject { ["version"] = Version };
        if (Length is { } length)
        {
            obj["length"] = length;
        }

        if (Hashes is not null)
        {
            obj["hashes"] = HashesToJson(Hashes);
        }

        JsonFields.AddRest(obj, UnrecognizedFields);
        return obj;
    }

    internal static JsonObject HashesToJson(Dictionary<string, string> hashes)
    {
        var obj = new JsonObject();
        foreach (var (algorithm, value) in hashes)
        {
            obj[algorithm] = value;
        }

        return obj;
    }
}
