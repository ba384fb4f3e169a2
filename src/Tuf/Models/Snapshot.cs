using System.Text.Json.Nodes;
using AeUpdater.Tuf.Json;

namespace AeUpdater.Tuf.Models;

/// <summary>Snapshot metadata: the version of every targets role's metadata (<c>targets.json</c>, <c>ROLE.json</c>).</summary>
public sealed class Snapshot : SignedPayload
{
    /// <summary>Creates snapshot metadata.</summary>
    public Snapshot(long version, DateTimeOffset expires, Dictionary<string, MetaFile> meta, string? specVersion = null)
        : base(version, expires, specVersion)
    {
        Meta = meta;
    }

    /// <inheritdoc/>
    public override string Type => "snapshot";

    /// <summary>The entries by file name (<c>targets.json</c>, <c>ROLE.json</c>).</summary>
    public Dictionary<string, MetaFile> Meta { get; }

    internal static Snapshot ReadFields(JsonObject obj, long version, DateTimeOffset expires, string specVersion)
    {
        var meta = JsonFields.TakeObject(obj, "meta", "snapshot metadata")
            .ToDictionary(p => p.Key, p => MetaFile.FromJson(p.Value, $"snapshot: meta '{p.Key}'"), StringComparer.Ordinal);
        return new Snapshot(version, expires, meta, specVersion);
    }

    private protected override void WriteFields(JsonObject obj)
    {
        var meta = new JsonObject();
        foreach (var (name, file) in Meta)
        {
            meta[name] = file.ToJson();
        }

        obj["meta"] = meta;
    }
}
