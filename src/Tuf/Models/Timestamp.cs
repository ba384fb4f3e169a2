using System.Text.Json.Nodes;
using AeUpdater.Tuf.Json;

namespace AeUpdater.Tuf.Models;

/// <summary>Timestamp metadata: the current snapshot version (and optionally its length and hashes).</summary>
public sealed class Timestamp : SignedPayload
{
    /// <summary>Creates timestamp metadata.</summary>
    public Timestamp(long version, DateTimeOffset expires, MetaFile snapshotMeta, string? specVersion = null)
        : base(version, expires, specVersion)
    {
        SnapshotMeta = snapshotMeta;
    }

    /// <inheritdoc/>
    public override string Type => "timestamp";

    /// <summary>The <c>meta["snapshot.json"]</c> entry.</summary>
    public MetaFile SnapshotMeta { get; set; }

    internal static Timestamp ReadFields(JsonObject obj, long version, DateTimeOffset expires, string specVersion)
    {
        var meta = JsonFields.TakeObject(obj, "meta", "timestamp metadata");
        if (meta.Count != 1 || !meta.ContainsKey("snapshot.json"))
        {
            throw new MetadataFormatException("timestamp metadata: 'meta' must hold exactly 'snapshot.json'.");
        }

        return new Timestamp(version, expires, MetaFile.FromJson(meta["snapshot.json"], "timestamp: meta 'snapshot.json'"), specVersion);
    }

    private protected override void WriteFields(JsonObject obj) =>
        obj["meta"] = new JsonObject { ["snapshot.json"] = SnapshotMeta.ToJson() };
}
