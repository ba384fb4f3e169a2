using AeUpdater.Tuf.Models;

namespace AeUpdater.Tuf.Crypto;

/// <summary>Checks that a threshold of a role's keys signed a metadata file.</summary>
internal static class DelegateVerifier
{
    /// <summary>
    /// Counts the role's key ids that have a valid signature over the canonical <c>signed</c> bytes: each key id
    /// once, each signature verified once, a key id missing from <paramref name="keys"/> or of an unknown type not
    /// counted, and two key ids with the same public key counted once.
    /// </summary>
    /// <exception cref="UnsignedMetadataException">Fewer than the threshold.</exception>
    public static void Verify(string roleName, Role role, IReadOnlyDictionary<string, Key> keys, Metadata metadata, string delegator)
    {
        var data = metadata.GetSignedBytes();
        var signatures = metadata.Signatures.ToDictionary(s => s.KeyId, StringComparer.Ordinal);
        var valid = new HashSet<string>(StringComparer.Ordinal);
        var keyMaterial = new HashSet<string>(StringComparer.Ordinal);
        foreach (var keyId in role.KeyIds.Distinct(StringComparer.Ordinal))
        {
            if (!keys.TryGetValue(keyId, out var key) || !signatures.TryGetValue(keyId, out var signature))
            {
                continue;
            }

            if (SignatureVerifier.Verify(key, signature.Sig, data) && keyMaterial.Add(key.KeyType + "\n" + key.Public))
            {
                valid.Add(keyId);
            }
        }

        if (valid.Count < role.Threshold)
        {
            throw new UnsignedMetadataException(
                $"{roleName} metadata (version {metadata.Payload.Version}) was signed by {valid.Count} of the keys {delegator} trusts for it; {role.Threshold} needed.");
        }
    }
}
