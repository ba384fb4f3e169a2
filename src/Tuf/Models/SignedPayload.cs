using System.Globalization;
using System.Text.Json.Nodes;
using AeUpdater.Tuf.Json;

namespace AeUpdater.Tuf.Models;

/// <summary>The common part of every role's <c>signed</c> object: type, spec version, version, expiry.</summary>
public abstract class SignedPayload
{
    /// <summary>The spec version this library writes.</summary>
    public const string SpecificationVersion = "1.0.31";

    /// <summary>The names of the top-level roles.</summary>
    public static readonly IReadOnlySet<string> TopLevelRoles = new HashSet<string>(StringComparer.Ordinal) { "root", "timestamp", "snapshot", "targets" };

    /// <summary>Creates the common part.</summary>
    private protected SignedPayload(long version, DateTimeOffset expires, string? specVersion)
    {
        Version = version;
        Expires = expires;
        SpecVersion = specVersion ?? SpecificationVersion;
    }

    /// <summary>The role type: <c>root</c>, <c>timestamp</c>, <c>snapshot</c> or <c>targets</c>.</summary>
    public abstract string Type { get; }

    /// <summary>The <c>spec_version</c> (major version 1 is supported).</summary>
    public string SpecVersion { get; set; }

    /// <summary>The version (positive).</summary>
    public long Version { get; set; }

    /// <summary>When the metadata expires (UTC, whole seconds).</summary>
    public DateTimeOffset Expires { get; set; }

    /// <summary>Fields this library does not know, kept as received and signed.</summary>
    public Dictionary<string, JsonNode?> UnrecognizedFields { get; private protected set; } = new(StringComparer.Ordinal);

    /// <summary>Whether the metadata is expired at <paramref name="referenceTime"/> (expiry is exclusive: valid before it).</summary>
    public bool IsExpired(DateTimeOffset referenceTime) => referenceTime >= Expires;

    internal static SignedPayload FromJson(JsonNode? node)
    {
        var obj = JsonFields.Copy(JsonFields.AsObject(node, "'signed'"));
        var type = JsonFields.TakeString(obj, "_type", "'signed'");
        var what = $"{type} metadata";
        var specVersion = JsonFields.TakeString(obj, "spec_version", what);
        CheckSpecVersion(specVersion, what);
        var version = JsonFields.TakeInteger(obj, "version", what);
        if (version <= 0)
        {
            throw new MetadataFormatException($"{what}: the version must be positive (is {version}).");
        }

        var expiresText = JsonFields.TakeString(obj, "expires", what);
        if (!DateTimeOffset.TryParseExact(expiresText, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expires))
        {
            throw new MetadataFormatException($"{what}: 'expires' must be YYYY-MM-DDTHH:MM:SSZ (is '{expiresText}').");
        }

        SignedPayload payload = type switch
        {
            "root" => Root.ReadFields(obj, version, expires, specVersion),
            "timestamp" => Timestamp.ReadFields(obj, version, expires, specVersion),
            "snapshot" => Snapshot.ReadFields(obj, version, expires, specVersion),
            "targets" => Targets.ReadFields(obj, version, expires, specVersion),
            _ => throw new MetadataFormatException($"Unknown metadata type '{type}'."),
        };
        payload.UnrecognizedFields = JsonFields.Rest(obj);
        return payload;
    }

    /// <summary>Checks <c>spec_version</c>: two or three dot-separated numbers, major version 1.</summary>
    internal static void CheckSpecVersion(string specVersion, string what)
    {
        var parts = specVersion.Split('.');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit)))
        {
            throw new MetadataFormatException($"{what}: spec_version '{specVersion}' is not of the form MAJOR.MINOR[.PATCH].");
        }

        if (parts[0] != "1")
        {
            throw new MetadataFormatException($"{what}: spec_version '{specVersion}' is not supported (this client implements 1.x).");
        }
    }

    internal JsonObject ToJson()
    {
        var obj = new JsonObject
        {
            ["_type"] = Type,
            ["spec_version"] = SpecVersion,
            ["version"] = Version,
            ["expires"] = JsonFields.FormatTime(Expires),
        };
        WriteFields(obj);
        JsonFields.AddRest(obj, UnrecognizedFields);
        return obj;
    }

    private protected abstract void WriteFields(JsonObject obj);
}
