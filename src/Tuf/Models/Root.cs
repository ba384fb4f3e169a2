using System.Text.Json.Nodes;
using AeUpdater.Tuf.Json;

namespace AeUpdater.Tuf.Models;

/// <summary>Root metadata: the keys and thresholds of the four top-level roles.</summary>
public sealed class Root : SignedPayload
{
    /// <summary>Creates root metadata.</summary>
    public Root(long version, DateTimeOffset expires, Dictionary<string, Key> keys, Dictionary<string, Role> roles, bool consistentSnapshot, string? specVersion = null)
        : base(version, expires, specVersion)
    {
        Keys = keys;
        Roles = roles;
        ConsistentSnapshot = consistentSnapshot;
    }

    /// <inheritdoc/>
    public override string Type => "root";

    /// <summary>The keys by key id.</summary>
    public Dictionary<string, Key> Keys { get; }

    /// <summary>The four top-level roles.</summary>
    public Dictionary<string, Role> Roles { get; }

    /// <summary>Whether files are served under consistent-snapshot names (<c>VERSION.role.json</c>, <c>HASH.target</c>).</summary>
    public bool ConsistentSnapshot { get; set; }

    internal static Root ReadFields(JsonObject obj, long version, DateTimeOffset expires, string specVersion)
    {
        const string What = "root metadata";
        var consistent = JsonFields.TakeBool(obj, "consistent_snapshot", What);
        var keys = JsonFields.TakeObject(obj, "keys", What)
            .ToDictionary(p => p.Key, p => Key.FromJson(p.Value, $"root: key '{p.Key}'"), StringComparer.Ordinal);
        var roles = JsonFields.TakeObject(obj, "roles", What)
            .ToDictionary(p => p.Key, p => Role.FromJson(p.Value, $"root: role '{p.Key}'"), StringComparer.Ordinal);
        if (!roles.Keys.ToHashSet(StringComparer.Ordinal).SetEquals(TopLevelRoles))
        {
            throw new MetadataFormatException($"root metadata: 'roles' must be exactly root, timestamp, snapshot and targets (is {string.Join(", ", roles.Keys)}).");
        }

        return new Root(version, expires, keys, roles, consistent, specVersion);
    }

    private protected override void WriteFields(JsonObject obj)
    {
        obj["consistent_snapshot"] = ConsistentSnapshot;
        var keys = new JsonObject();
        foreach (var (keyId, key) in Keys)
        {
            keys[keyId] = key.ToJson();
        }

        var roles = new JsonObject();
        foreach (var (name, role) in Roles)
        {
            roles[name] = role.ToJson();
        }

        obj["keys"] = keys;
        obj["roles"] = roles;
    }
}
