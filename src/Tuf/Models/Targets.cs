using System.Text.Json.Nodes;
using AeUpdater.Tuf.Json;

namespace AeUpdater.Tuf.Models;

/// <summary>Targets metadata (top-level or delegated): target files and delegations.</summary>
public sealed class Targets : SignedPayload
{
    /// <summary>Creates targets metadata.</summary>
    public Targets(long version, DateTimeOffset expires, Dictionary<string, TargetFile>? targets = null, Delegations? delegations = null, string? specVersion = null)
        : base(version, expires, specVersion)
    {
        TargetFiles = targets ?? new Dictionary<string, TargetFile>(StringComparer.Ordinal);
        Delegations = delegations;
    }

    /// <inheritdoc/>
    public override string Type => "targets";

    /// <summary>The targets by path.</summary>
    public Dictionary<string, TargetFile> TargetFiles { get; }

    /// <summary>The delegations, when any.</summary>
    public Delegations? Delegations { get; set; }

    internal static Targets ReadFields(JsonObject obj, long version, DateTimeOffset expires, string specVersion)
    {
        var targets = JsonFields.TakeObject(obj, "targets", "targets metadata")
            .ToDictionary(p => p.Key, p => TargetFile.FromJson(p.Key, p.Value), StringComparer.Ordinal);
        var delegationsNode = JsonFields.TakeOptional(obj, "delegations");
        var delegations = delegationsNode is null ? null : Delegations.FromJson(delegationsNode);
        return new Targets(version, expires, targets, delegations, specVersion);
    }

    private protected override void WriteFields(JsonObject obj)
    {
        var targets = new JsonObject();
        foreach (var (path, file) in TargetFiles)
        {
            targets[path] = file.ToJson();
        }

        obj["targets"] = targets;
        if (Delegations is not null)
        {
            obj["delegations"] = Delegations.ToJson();
        }
    }
}
