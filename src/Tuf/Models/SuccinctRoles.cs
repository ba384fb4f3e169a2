using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AeUpdater.Tuf.Json;

namespace AeUpdater.Tuf.Models;

/// <summary>
/// Succinct hash-bin delegations (TAP 15): <c>2^bit_length</c> roles named <c>NAME_PREFIX-XX</c> sharing keys and
/// threshold; a target goes to the bin given by the first <c>bit_length</c> bits of the SHA-256 of its path.
/// </summary>
public sealed class SuccinctRoles : Role
{
    /// <summary>Creates succinct roles.</summary>
    public SuccinctRoles(IEnumerable<string> keyIds, int threshold, int bitLength, string namePrefix)
        : base(keyIds, threshold)
    {
        if (bitLength is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(bitLength), "bit_length must be 1..32.");
        }

        BitLength = bitLength;
        NamePrefix = namePrefix;
    }

    private SuccinctRoles(List<string> keyIds, int threshold, int bitLength, string namePrefix, Dictionary<string, JsonNode?> rest)
        : base(keyIds, threshold, rest)
    {
        BitLength = bitLength;
        NamePrefix = namePrefix;
    }

    /// <summary>The number of hash bits that select a bin (1..32).</summary>
    public int BitLength { get; }

    /// <summary>The prefix of the bin role names.</summary>
    public string NamePrefix { get; }

    /// <summary>The number of bins.</summary>
    public long NumberOfBins => 1L << BitLength;

    private int SuffixLength => (NumberOfBins - 1).ToString("x", CultureInfo.InvariantCulture).Length;

    /// <summary>The bin role that <paramref name="targetPath"/> is delegated to.</summary>
    public string GetRoleForTarget(string targetPath)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(targetPath));
        var firstFour = BinaryPrimitives.ReadUInt32BigEndian(hash);
        var bin = firstFour >> (32 - BitLength);
        return RoleName(bin);
    }

    /// <summary>Every bin role name, in bin order.</summary>
    public IEnumerable<string> GetRoles()
    {
        for (long bin = 0; bin < NumberOfBins; bin++)
        {
            yield return RoleName(bin);
        }
    }

    /// <summary>Whether <paramref name="roleName"/> is one of the bins.</summary>
    public bool IsDelegatedRole(string roleName)
    {
        var prefix = NamePrefix + "-";
        if (!roleName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var suffix = roleName[prefix.Length..];
        return suffix.Length == SuffixLength && suffix.All(char.IsAsciiHexDigitLower)
            && long.TryParse(suffix, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bin) && bin < NumberOfBins;
    }

    private string RoleName(long bin) => NamePrefix + "-" + bin.ToString("x" + SuffixLength.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    internal static SuccinctRoles FromJson(JsonNode? node)
    {
        const string What = "succinct_roles";
        var obj = JsonFields.Copy(JsonFields.AsObject(node, What));
        var keyIds = JsonFields.TakeStringList(obj, "keyids", What, unique: true);
        var threshold = ReadThreshold(obj, What);
        var bitLength = JsonFields.TakeInteger(obj, "bit_length", What);
        if (bitLength is < 1 or > 32)
        {
            throw new MetadataFormatException($"{What}: bit_length must be 1..32 (is {bitLength}).");
        }

        var prefix = JsonFields.TakeString(obj, "name_prefix", What);
        return new SuccinctRoles(keyIds, threshold, (int)bitLength, prefix, JsonFields.Rest(obj));
    }

    internal override JsonObject ToJson()
    {
        var obj = base.ToJson();
        obj["bit_length"] = BitLength;
        obj["name_prefix"] = NamePrefix;
        return obj;
    }
}
