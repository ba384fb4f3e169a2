using System.Text.Json.Nodes;
using AeUpdater.Tuf.Json;

namespace AeUpdater.Tuf.Models;

/// <summary>The <c>delegations</c> of a targets role: keys, and either named roles (in order) or succinct roles.</summary>
public sealed class Delegations
{
    /// <summary>Creates delegations with named roles.</summary>
    public Delegations(Dictionary<string, Key> keys, List<DelegatedRole> roles)
    {
        Keys = keys;
        Roles = roles;
    }

    /// <summary>Creates succinct hash-bin delegations.</summary>
    public Delegations(Dictionary<string, Key> keys, SuccinctRoles succinctRoles)
    {
        Keys = keys;
        SuccinctRoles = succinctRoles;
    }

    /// <summary>The keys by key id.</summary>
    public Dictionary<string, Key> Keys { get; }

    /// <summary>The delegated roles in priority order, or <see langword="null"/> with <see cref="SuccinctRoles"/>.</summary>
    public List<DelegatedRole>? Roles { get; }

    /// <summary>The succinct roles, or <see langword="null"/> with <see cref="Roles"/>.</summary>
    public SuccinctRoles? SuccinctRoles { get; }

    /// <summary>Fields this library does not know, kept as received.</summary>
    public Dictionary<string, JsonNode?> UnrecognizedFields { get; private init; } = new(StringComparer.Ordinal);

    /// <summary>The role entry that delegates <paramref name="roleName"/>, or <see langword="null"/>.</summary>
    internal Role? FindRole(string roleName) =>
        Roles is not null
            ? Roles.FirstOrDefault(r => r.Name == roleName)
            : SuccinctRoles!.IsDelegatedRole(roleName) ? SuccinctRoles : null;

    /// <summary>The roles delegated <paramref name="targetPath"/>, in order, with whether each is terminating.</summary>
    internal IEnumerable<(string Name, bool Terminating)> GetRolesForTarget(string targetPath)
    {
        if (Roles is not null)
        {
            foreach (var role in Roles.Where(r => r.IsDelegatedPath(targetPath)))
            {
                yield return (role.Name, role.Terminating);
            }
        }
        else
        {
            // Succinct roles are terminating: a target belongs to exactly one bin (TAP 15).
            yield return (SuccinctRoles!.GetRoleForTarget(targetPath), true);
        }
    }

    internal static Delegations FromJson(JsonNode? node)
    {
        const string What = "delegations";
        var obj = JsonFields.Copy(JsonFields.AsObject(node, What));
        var keys = JsonFields.TakeObject(obj, "keys", What)
            .ToDictionary(p => p.Key, p => Key.FromJson(p.Value, $"delegations: key '{p.Key}'"), StringComparer.Ordinal);
        var hasRoles = obj.ContainsKey("roles");
        var hasSuccinct = obj.ContainsKey("succinct_roles");
        if (hasRoles == hasSuccinct)
        {
            throw new MetadataFormatException("delegations: exactly one of 'roles' and 'succinct_roles' must be set.");
        }

        if (hasSuccinct)
        {
            var succinct = SuccinctRoles.FromJson(JsonFields.Take(obj, "succinct_roles", What));
            return new Delegations(keys, succinct) { UnrecognizedFields = JsonFields.Rest(obj) };
        }

        var roles = JsonFields.TakeArray(obj, "roles", What).Select(DelegatedRole.FromJson).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            if (!seen.Add(role.Name))
            {
                throw new MetadataFormatException($"delegations: the role '{role.Name}' is delegated twice.");
            }

            if (SignedPayload.TopLevelRoles.Contains(role.Name))
            {
                throw new MetadataFormatException($"delegations: '{role.Name}' is a top-level role and cannot be delegated.");
            }
        }

        return new Delegations(keys, roles) { UnrecognizedFields = JsonFields.Rest(obj) };
    }

    internal JsonObject ToJson()
    {
        var keys = new JsonObject();
        foreach (var (keyId, key) in Keys)
        {
            keys[keyId] = key.ToJson();
        }

        var obj = new JsonObject { ["keys"] = keys };
        if (Roles is not null)
        {
            obj["roles"] = new JsonArray(Roles.Select(r => (JsonNode)r.ToJson()).ToArray());
        }
        else
        {
            obj["succinct_roles"] = SuccinctRoles!.ToJson();
        }

        JsonFields.AddRest(obj, UnrecognizedFields);
        return obj;
    }
}
