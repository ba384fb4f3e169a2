using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Models;

namespace AeUpdater.Tuf.Client;

/// <summary>
/// The trusted metadata of one client refresh, and every rule of the spec's detailed client workflow (section 5)
/// that decides whether new metadata may join it, in spec order: <see cref="UpdateRoot"/> (5.3),
/// <see cref="UpdateTimestamp"/> (5.4), <see cref="UpdateSnapshot"/> (5.5), <see cref="UpdateTargets"/> and
/// <see cref="UpdateDelegatedTargets"/> (5.6). Nothing here touches the disk or the network: the updater loads,
/// fetches and persists; this class only says yes (returns the parsed metadata) or no (throws).
/// </summary>
internal sealed class TrustedMetadataSet
{
    private readonly Dictionary<string, Metadata> _delegated = new(StringComparer.Ordinal);

    /// <summary>Loads the trusted root (5.2): it must be signed by a threshold of its own root keys. Expiry is not checked here (5.3.10 checks the final root).</summary>
    public TrustedMetadataSet(byte[] rootData, DateTimeOffset referenceTime)
    {
        ReferenceTime = referenceTime;
        var root = Metadata.FromBytes(rootData);
        var signed = root.As<Root>();
        DelegateVerifier.Verify("root", signed.Roles["root"], signed.Keys, root, "the trusted root");
        RootMetadata = root;
    }

    /// <summary>The time expiry is checked against (fixed for the whole refresh, 5.1).</summary>
    public DateTimeOffset ReferenceTime { get; }

    public Metadata RootMetadata { get; private set; }

    public Root Root => RootMetadata.As<Root>();

    public Metadata? TimestampMetadata { get; private set; }

    public Timestamp? Timestamp => TimestampMetadata?.As<Timestamp>();

    public Metadata? SnapshotMetadata { get; private set; }

    public Snapshot? Snapshot => SnapshotMetadata?.As<Snapshot>();

    public Metadata? TargetsMetadata { get; private set; }

    public Targets? Targets => TargetsMetadata?.As<Targets>();

    /// <summary>The trusted targets metadata of <paramref name="roleName"/> (top-level or delegated), or <see langword="null"/>.</summary>
    public Targets? GetTargets(string roleName) =>
        roleName == "targets" ? Targets : _delegated.TryGetValue(roleName, out var md) ? md.As<Targets>() : null;

    /// <summary>5.3: verifies a new root (version N+1) against the trusted one and itself, and trusts it.</summary>
    public Metadata UpdateRoot(byte[] data)
    {
        if (TimestampMetadata is not null)
        {
            throw new InvalidOperationException("Root cannot be updated after timestamp.");
        }

        var newRoot = Metadata.FromBytes(data);
        var signed = newRoot.As<Root>();

        // 5.3.4: signed by a threshold of keys of the trusted root's root role...
        DelegateVerifier.Verify("root", Root.Roles["root"], Root.Keys, newRoot, $"trusted root version {Root.Version}");

        // 5.3.5: version exactly N+1 (no rollback, no skipping).
        if (signed.Version != Root.Version + 1)
        {
            throw new BadVersionNumberException($"The new root has version {signed.Version}; version {Root.Version + 1} was expected.");
        }

        // 5.3.4: ...and by a threshold of its own root keys.
        DelegateVerifier.Verify("root", signed.Roles["root"], signed.Keys, newRoot, $"the new root version {signed.Version} itself");

        // 5.3.8: trust it. (5.3.6: expiry is not checked on intermediate roots.)
        RootMetadata = newRoot;
        return newRoot;
    }

    /// <summary>5.4: verifies new timestamp metadata and trusts it; the final root must not be expired (5.3.10).</summary>
    /// <exception cref="EqualVersionNumberException">Same version as the trusted timestamp: keep that one.</exception>
    public Metadata UpdateTimestamp(byte[] data)
    {
        if (SnapshotMetadata is not null)
        {
            throw new InvalidOperationException("Timestamp cannot be updated after snapshot.");
        }

        // 5.3.10: the final root must not be expired (a freeze attack).
        if (Root.IsExpired(ReferenceTime))
        {
            throw new ExpiredMetadataException($"The final root (version {Root.Version}) expired at {Root.Expires:u}.");
        }

        var newTimestamp = Metadata.FromBytes(data);
        var signed = newTimestamp.As<Timestamp>();

        // 5.4.2: signed by a threshold of the root's timestamp keys.
        DelegateVerifier.Verify("timestamp", Root.Roles["timestamp"], Root.Keys, newTimestamp, "root");

        if (Timestamp is { } trusted)
        {
            // 5.4.3.1: no rollback of the timestamp version.
            if (signed.Version < trusted.Version)
            {
                throw new BadVersionNumberException($"The new timestamp has version {signed.Version}, below the trusted version {trusted.Version} (a rollback).");
            }

            if (signed.Version == trusted.Version)
            {
                throw new EqualVersionNumberException($"The new timestamp has the trusted version {signed.Version}.");
            }

            // 5.4.3.2: no rollback of the snapshot version it names.
            if (signed.SnapshotMeta.Version < trusted.SnapshotMeta.Version)
            {
                throw new BadVersionNumberException(
                    $"The new timestamp names snapshot version {signed.SnapshotMeta.Version}, below the trusted {trusted.SnapshotMeta.Version} (a rollback).");
            }
        }

        // Trusted now (so that it protects against rollback even if expired), then 5.4.4: expiry.
        TimestampMetadata = newTimestamp;
        CheckFinalTimestamp();
        return newTimestamp;
    }

    /// <summary>
    /// 5.5: verifies snapshot metadata and trusts it. <paramref name="trusted"/> is for the locally stored copy,
    /// whose hash may have been checked against an older timestamp (5.5.2 is skipped, everything else holds).
    /// </summary>
    public Metadata UpdateSnapshot(byte[] data, bool trusted = false)
    {
        if (Timestamp is not { } timestamp)
        {
            throw new InvalidOperationException("Snapshot cannot be updated before timestamp.");
        }

        if (TargetsMetadata is not null)
        {
            throw new InvalidOperationException("Snapshot cannot be updated after targets.");
        }

        // 5.4.4 holds throughout: the timestamp that names this snapshot must not be expired.
        CheckFinalTimestamp();

        // 5.5.2: length and hashes as the timestamp says (when it says).
        if (!trusted)
        {
            timestamp.SnapshotMeta.VerifyLengthAndHashes(data, "snapshot metadata");
        }

        var newSnapshot = Metadata.FromBytes(data);
        var signed = newSnapshot.As<Snapshot>();

        // 5.5.3: signed by a threshold of the root's snapshot keys.
        DelegateVerifier.Verify("snapshot", Root.Roles["snapshot"], Root.Keys, newSnapshot, "root");

        // 5.5.5: against the trusted snapshot, no targets role removed and none rolled back.
        if (Snapshot is { } old)
        {
            foreach (var (fileName, oldMeta) in old.Meta)
            {
                if (!signed.Meta.TryGetValue(fileName, out var newMeta))
                {
                    throw new RepositoryException($"The new snapshot (version {signed.Version}) no longer lists {fileName} (a rollback or mix-and-match).");
                }

                if (newMeta.Version < oldMeta.Version)
                {
                    throw new BadVersionNumberException(
                        $"The new snapshot lists {fileName} version {newMeta.Version}, below the trusted version {oldMeta.Version} (a rollback).");
                }
            }
        }

        // Trusted now; 5.5.4 (version as timestamp says) and 5.5.6 (expiry) are checked on the final snapshot.
        SnapshotMetadata = newSnapshot;
        CheckFinalSnapshot();
        return newSnapshot;
    }

    /// <summary>5.6: verifies top-level targets metadata and trusts it.</summary>
    public Metadata UpdateTargets(byte[] data) => UpdateDelegatedTargets(data, "targets", "root");

    /// <summary>5.6 for <paramref name="roleName"/>, delegated by the trusted <paramref name="delegatorName"/>.</summary>
    public Metadata UpdateDelegatedTargets(byte[] data, string roleName, string delegatorName)
    {
        if (Snapshot is not { } snapshot)
        {
            throw new InvalidOperationException("Targets cannot be updated before snapshot.");
        }

        // 5.5.4 and 5.5.6 hold throughout.
        CheckFinalSnapshot();

        Role role;
        IReadOnlyDictionary<string, Key> keys;
        if (delegatorName == "root")
        {
            role = Root.Roles["targets"];
            keys = Root.Keys;
        }
        else
        {
            var delegator = GetTargets(delegatorName) ?? throw new InvalidOperationException($"The delegator '{delegatorName}' is not trusted yet.");
            var delegations = delegator.Delegations ?? throw new RepositoryException($"'{delegatorName}' delegates no roles.");
            role = delegations.FindRole(roleName) ?? throw new RepositoryException($"'{delegatorName}' does not delegate '{roleName}'.");
            keys = delegations.Keys;
        }

        // 5.6.1: the version comes from snapshot; a role it does not list is not trusted.
        if (!snapshot.Meta.TryGetValue(roleName + ".json", out var meta))
        {
            throw new RepositoryException($"The snapshot does not list {roleName}.json.");
        }

        // 5.6.2: length and hashes as the snapshot says (when it says).
        meta.VerifyLengthAndHashes(data, $"{roleName} metadata");

        var newTargets = Metadata.FromBytes(data);
        if (newTargets.Payload is not Targets signed)
        {
            throw new MetadataFormatException($"Expected targets metadata for '{roleName}', got '{newTargets.Payload.Type}'.");
        }

        // 5.6.3: signed by a threshold of the delegator's keys for this role.
        DelegateVerifier.Verify(roleName, role, keys, newTargets, delegatorName);

        // 5.6.4: the version the snapshot lists (mix-and-match, rollback).
        if (signed.Version != meta.Version)
        {
            throw new BadVersionNumberException($"{roleName} metadata has version {signed.Version}; the snapshot lists version {meta.Version}.");
        }

        // 5.6.5: not expired.
        if (signed.IsExpired(ReferenceTime))
        {
            throw new ExpiredMetadataException($"{roleName} metadata (version {signed.Version}) expired at {signed.Expires:u}.");
        }

        if (roleName == "targets")
        {
            TargetsMetadata = newTargets;
        }
        else
        {
            _delegated[roleName] = newTargets;
        }

        return newTargets;
    }

    private void CheckFinalTimestamp()
    {
        var timestamp = Timestamp!;
        if (timestamp.IsExpired(ReferenceTime))
        {
            throw new ExpiredMetadataException($"The timestamp (version {timestamp.Version}) expired at {timestamp.Expires:u}.");
        }
    }

    private void CheckFinalSnapshot()
    {
        var snapshot = Snapshot!;

        // 5.5.6: not expired.
        if (snapshot.IsExpired(ReferenceTime))
        {
            throw new ExpiredMetadataException($"The snapshot (version {snapshot.Version}) expired at {snapshot.Expires:u}.");
        }

        // 5.5.4: the version the timestamp names.
        var expected = Timestamp!.SnapshotMeta.Version;
        if (snapshot.Version != expected)
        {
            throw new BadVersionNumberException($"The snapshot has version {snapshot.Version}; the timestamp names version {expected}.");
        }
    }
}
