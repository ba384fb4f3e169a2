using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AeUpdater.Tuf.Json;

namespace AeUpdater.Tuf.Models;

/// <summary>A delegation to a named targets role, for target paths matching <see cref="Paths"/> or <see cref="PathHashPrefixes"/>.</summary>
public sealed class DelegatedRole : Role
{
    /// <summary>Creates a delegation; exactly one of <paramref name="paths"/> and <paramref name="pathHashPrefixes"/> is given.</summary>
    public DelegatedRole(string name, IEnumerable<string> keyIds, int threshold, bool terminating, IEnumerable<string>? paths, IEnumerable<string>? pathHashPrefixes = null)
        : base(keyIds, threshold)
    {
        Name = name;
        Terminating = terminating;
        Paths = paths?.ToList();
        PathHashPrefixes = pathHashPrefixes?.ToList();
        if ((Paths is null) == (PathHashPrefixes is null))
        {
            throw new ArgumentException($"Delegated role '{name}': exactly one of paths and path_hash_prefixes must be set.");
        }
    }

    private DelegatedRole(string name, List<string> keyIds, int threshold, bool terminating, List<string>? paths, List<string>? prefixes, Dictionary<string, JsonNode?> rest)
        : base(keyIds, threshold, rest)
    {
        Name = name;
        Terminating = terminating;
        Paths = paths;
        PathHashPrefixes = prefixes;
    }

    /// <summary>The role name (also its metadata file name, percent-encoded).</summary>
    public string Name { get; }

    /// <summary>Whether the search stops at this role when it matches the target (spec 5.6.7.2.1).</summary>
    public bool Terminating { get; set; }

    /// <summary>Path patterns (fnmatch per <c>/</c>-separated part), or <see langword="null"/>.</summary>
    public List<string>? Paths { get; }

    /// <summary>Hex prefixes of the SHA-256 of the target path, or <see langword="null"/>.</summary>
    public List<string>? PathHashPrefixes { get; }

    /// <summary>Whether <paramref name="targetPath"/> is delegated to this role.</summary>
    public bool IsDelegatedPath(string targetPath)
    {
        if (Paths is not null)
        {
            return Paths.Any(pattern => PathPattern.IsMatch(targetPath, pattern));
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(targetPath)));
        return PathHashPrefixes!.Any(prefix => hash.StartsWith(prefix, StringComparison.Ordinal));
    }

    internal static DelegatedRole FromJson(JsonNode? node)
    {
        var obj = JsonFields.Copy(JsonFields.AsObject(node, "a delegated role"));
        var name = JsonFields.TakeString(obj, "name", "a delegated role");
        var what = $"delegated role '{name}'";
        var keyIds = JsonFields.TakeStringList(obj, "keyids", what, unique: true);
        var threshold = ReadThreshold(obj, what);
        var terminating = JsonFields.TakeBool(obj, "terminating", what);
        var paths = obj.ContainsKey("paths") ? JsonFields.TakeStringList(obj, "paths", what, unique: false) : null;
        var prefixes = obj.ContainsKey("path_hash_prefixes") ? JsonFields.TakeStringList(obj, "path_hash_prefixes", what, unique: false) : null;
        if ((paths is null) == (prefixes is null))
        {
            throw new MetadataFormatException($"{what}: exactly one of 'paths' and 'path_hash_prefixes' must be set.");
        }

        return new DelegatedRole(name, keyIds, threshold, terminating, paths, prefixes, JsonFields.Rest(obj));
    }

    internal override JsonObject ToJson()
    {
        var obj = base.ToJson();
        obj["name"] = Name;
        obj["terminating"] = Terminating;
        if (Paths is not null)
        {
            obj["paths"] = new JsonArray(Paths.Select(p => (JsonNode)p).ToArray());
        }

        if (PathHashPrefixes is not null)
        {
            obj["path_hash_prefixes"] = new JsonArray(PathHashPrefixes.Select(p => (JsonNode)p).ToArray());
        }

        return obj;
    }
}
