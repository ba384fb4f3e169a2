using System.Security.Cryptography;
using AeUpdater.Tuf.Client;
using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Models;

namespace AeUpdater.Tuf.Repository;

/// <summary>
/// The publisher's side: the metadata of every role in memory, the signers this process holds, and
/// <see cref="Publish"/>, which bumps the version of each changed role, renews its expiry, signs it, updates snapshot
/// and timestamp, and writes the files a static server serves (<c>N.root.json</c>; with consistent snapshots also
/// <c>N.snapshot.json</c>, <c>N.targets.json</c>, <c>N.ROLE.json</c>). Private keys are never written here: keep
/// them with <see cref="TufSigner.Save"/> outside the served folders.
/// </summary>
public sealed class TufRepository
{
    private readonly Dictionary<string, Metadata> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TufSigner> _signers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private Root? _publishedRoot;

    private TufRepository(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Whether snapshot lists the length and SHA-256 of each targets file (5.6.2 then checks them), not only its version.</summary>
    /// <value><see langword="false"/>, as python-tuf's repository tools.</value>
    public bool HashesInSnapshot { get; set; }

    /// <summary>How long each role stays valid after signing.</summary>
    public ExpiryPolicy Expiry { get; } = new();

    /// <summary>The root content (change it, then <see cref="Publish"/>).</summary>
    public Root Root => _roles["root"].As<Root>();

    /// <summary>The timestamp content.</summary>
    public Timestamp Timestamp => _roles["timestamp"].As<Timestamp>();

    /// <summary>The snapshot content.</summary>
    public Snapshot Snapshot => _roles["snapshot"].As<Snapshot>();

    /// <summary>The top-level targets content.</summary>
    public Targets Targets => _roles["targets"].As<Targets>();

    /// <summary>The names of the delegated targets roles.</summary>
    public IEnumerable<string> DelegatedRoleNames => _roles.Keys.Where(r => !SignedPayload.TopLevelRoles.Contains(r));

    /// <summary>
    /// A new repository: version-1 roles with no keys yet (add them with <see cref="AddKey"/>), consistent
    /// snapshots by default. Nothing is written until <see cref="Publish"/>.
    /// </summary>
    public static TufRepository Create(bool consistentSnapshot = true, TimeProvider? timeProvider = null)
    {
        var repository = new TufRepository(timeProvider ?? TimeProvider.System);
        var now = repository.Now;
        var roles = SignedPayload.TopLevelRoles.ToDictionary(r => r, _ => new Role([], 1), StringComparer.Ordinal);
        repository._roles["root"] = new Metadata(new Root(1, now + repository.Expiry.Root, new Dictionary<string, Key>(StringComparer.Ordinal), roles, consistentSnapshot));
        repository._roles["targets"] = new Metadata(new Targets(1, now + repository.Expiry.Targets));
        repository._roles["snapshot"] = new Metadata(new Snapshot(1, now + repository.Expiry.Snapshot, new Dictionary<string, MetaFile>(StringComparer.Ordinal) { ["targets.json"] = new MetaFile(1) }));
        repository._roles["timestamp"] = new Metadata(new Timestamp(1, now + repository.Expiry.Timestamp, new MetaFile(1)));
        repository._dirty.UnionWith(SignedPayload.TopLevelRoles);
        return repository;
    }

    /// <summary>Loads the latest published metadata of <paramref name="metadataDir"/> (plain names), delegated roles included.</summary>
    /// <exception cref="TufException">A file is missing or invalid.</exception>
    public static TufRepository Load(string metadataDir, TimeProvider? timeProvider = null)
    {
        var repository = new TufRepository(timeProvider ?? TimeProvider.System);
        var store = new MetadataStore(metadataDir);
        foreach (var role in new[] { "root", "timestamp", "snapshot", "targets" })
        {
            repository._roles[role] = Metadata.FromBytes(store.TryRead(role) ?? throw new StorageException($"{store.PathOf(role)} is missing."));
        }

        // A separate copy: the published root's keys must survive changes to Root until the next root is signed.
        repository._publishedRoot = Metadata.FromBytes(store.TryRead("root")!).As<Root>();

        foreach (var fileName in repository.Snapshot.Meta.Keys.Where(f => f != "targets.json"))
        {
            var role = fileName[..^".json".Length];
            repository._roles[role] = Metadata.FromBytes(store.TryRead(role) ?? throw new StorageException($"{store.PathOf(role)} is missing."));
        }

        return repository;
    }

    /// <summary>Gives this repository a signer (without changing any role's keys).</summary>
    public void AddSigner(TufSigner signer) => _signers[signer.KeyId] = signer;

    /// <summary>Adds <paramref name="signer"/>'s public key to a top-level role and keeps the signer.</summary>
    public void AddKey(string role, TufSigner signer)
    {
        CheckTopLevel(role);
        AddSigner(signer);
        Root.Keys[signer.KeyId] = signer.PublicKey;
        if (!Root.Roles[role].KeyIds.Contains(signer.KeyId))
        {
            Root.Roles[role].KeyIds.Add(signer.KeyId);
        }

        _dirty.Add("root");
        _dirty.Add(role);
    }

    /// <summary>Removes a key from a top-level role (and from root's keys when no role uses it any more).</summary>
    public void RemoveKey(string role, string keyId)
    {
        CheckTopLevel(role);
        Root.Roles[role].KeyIds.Remove(keyId);
        if (!Root.Roles.Values.Any(r => r.KeyIds.Contains(keyId)))
        {
            Root.Keys.Remove(keyId);
        }

        _dirty.Add("root");
        _dirty.Add(role);
    }

    /// <summary>Rotates a top-level role to <paramref name="newSigner"/>: its old keys are removed. The next root is signed by old and new root keys.</summary>
    public void RotateKey(string role, TufSigner newSigner)
    {
        foreach (var keyId in Root.Roles[role].KeyIds.ToList())
        {
            RemoveKey(role, keyId);
        }

        AddKey(role, newSigner);
    }

    /// <summary>Sets how many keys must sign a top-level role.</summary>
    public void SetThreshold(string role, int threshold)
    {
        CheckTopLevel(role);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        Root.Roles[role].Threshold = threshold;
        _dirty.Add("root");
        _dirty.Add(role);
    }

    /// <summary>The targets content of <paramref name="role"/> (<c>targets</c> or a delegated role).</summary>
    public Targets GetTargets(string role) =>
        _roles.TryGetValue(role, out var md) && md.Payload is Targets targets ? targets : throw new ArgumentException($"No targets role '{role}'.", nameof(role));

    /// <summary>Adds or replaces a target in <paramref name="role"/>.</summary>
    public void AddTarget(TargetFile target, string role = "targets")
    {
        GetTargets(role).TargetFiles[target.Path] = target;
        _dirty.Add(role);
    }

    /// <summary>Removes a target from <paramref name="role"/>; whether it was there.</summary>
    public bool RemoveTarget(string targetPath, string role = "targets")
    {
        var removed = GetTargets(role).TargetFiles.Remove(targetPath);
        if (removed)
        {
            _dirty.Add(role);
        }

        return removed;
    }

    /// <summary>
    /// Adds a target from a local file and copies the file into <paramref name="targetsDir"/> under the name
    /// clients fetch (<c>DIR/SHA256.NAME</c> with consistent snapshots, else <c>DIR/NAME</c>).
    /// </summary>
    public TargetFile AddTargetFile(string localPath, string targetPath, string targetsDir, string role = "targets")
    {
        var target = TargetFile.FromFile(targetPath, localPath);
        var slash = targetPath.LastIndexOf('/');
        var served = Root.ConsistentSnapshot
            ? targetPath[..(slash + 1)] + target.Hashes["sha256"] + "." + targetPath[(slash + 1)..]
            : targetPath;
        var destination = Path.Join(targetsDir, served);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(localPath, destination, overwrite: true);
        AddTarget(target, role);
        return target;
    }

    /// <summary>
    /// Delegates <paramref name="role"/> from <paramref name="delegator"/> to the given signers' keys (the signers
    /// are kept) and creates its empty targets metadata (version 1) when it has none.
    /// </summary>
    public void AddDelegation(string delegator, DelegatedRole role, IEnumerable<TufSigner> signers)
    {
        var parent = GetTargets(delegator);
        var delegations = parent.Delegations ??= new Delegations(new Dictionary<string, Key>(StringComparer.Ordinal), new List<DelegatedRole>());
        if (delegations.Roles is null)
        {
            throw new InvalidOperationException($"'{delegator}' uses succinct delegations.");
        }

        foreach (var signer in signers)
        {
            AddSigner(signer);
            delegations.Keys[signer.KeyId] = signer.PublicKey;
            if (!role.KeyIds.Contains(signer.KeyId))
            {
                role.KeyIds.Add(signer.KeyId);
            }
        }

        delegations.Roles.RemoveAll(r => r.Name == role.Name);
        delegations.Roles.Add(role);
        _dirty.Add(delegator);
        if (!_roles.ContainsKey(role.Name))
        {
            _roles[role.Name] = new Metadata(new Targets(1, Now + Expiry.Targets));
            Snapshot.Meta[role.Name + ".json"] = new MetaFile(1);
            _dirty.Add(role.Name);
        }
    }

    /// <summary>
    /// Delegates from <paramref name="delegator"/> to succinct hash bins (TAP 15) signed by <paramref name="signers"/>
    /// and creates the empty metadata of every bin.
    /// </summary>
    public void AddSuccinctDelegation(string delegator, int bitLength, string namePrefix, IReadOnlyList<TufSigner> signers, int threshold = 1)
    {
        var parent = GetTargets(delegator);
        var keys = new Dictionary<string, Key>(StringComparer.Ordinal);
        foreach (var signer in signers)
        {
            AddSigner(signer);
            keys[signer.KeyId] = signer.PublicKey;
        }

        var succinct = new SuccinctRoles(signers.Select(s => s.KeyId), threshold, bitLength, namePrefix);
        parent.Delegations = new Delegations(keys, succinct);
        _dirty.Add(delegator);
        foreach (var bin in succinct.GetRoles())
        {
            _roles[bin] = new Metadata(new Targets(1, Now + Expiry.Targets));
            Snapshot.Meta[bin + ".json"] = new MetaFile(1);
            _dirty.Add(bin);
        }
    }

    /// <summary>
    /// Marks <paramref name="role"/> changed so <see cref="Publish"/> bumps its version, renews its expiry and
    /// re-signs it (what <c>repo sign</c> does for one role).
    /// </summary>
    public void Touch(string role)
    {
        if (!_roles.ContainsKey(role))
        {
            throw new ArgumentException($"No role '{role}'.", nameof(role));
        }

        _dirty.Add(role);
    }

    /// <summary>
    /// Signs every changed role (new version, new expiry), then snapshot and timestamp as needed, and writes the
    /// files into <paramref name="metadataDir"/> (created if needed).
    /// </summary>
    /// <returns>The file names written, in order.</returns>
    /// <exception cref="InvalidOperationException">A role lacks a threshold of signers in this repository.</exception>
    public IReadOnlyList<string> Publish(string metadataDir)
    {
        Directory.CreateDirectory(metadataDir);
        var written = new List<string>();
        var now = Now;
        var consistent = Root.ConsistentSnapshot;

        if (_dirty.Contains("root"))
        {
            var root = Root;
            if (_publishedRoot is not null)
            {
                root.Version = _publishedRoot.Version + 1;
            }

            root.Expires = now + Expiry.Root;
            var rootMd = _roles["root"];
            var keyIds = root.Roles["root"].KeyIds.ToList();
            if (_publishedRoot is not null)
            {
                // 5.3.4: the new root must verify with the previous root's keys too.
                keyIds.AddRange(_publishedRoot.Roles["root"].KeyIds);
            }

            SignWith(rootMd, keyIds.Distinct(StringComparer.Ordinal), "root");
            var bytes = rootMd.ToBytes();
            Write(metadataDir, $"{root.Version}.root.json", bytes, written);
            Write(metadataDir, "root.json", bytes, written);
            _publishedRoot = Metadata.FromBytes(bytes).As<Root>();
        }

        foreach (var role in _roles.Keys.Where(r => r != "root" && r != "timestamp" && r != "snapshot" && _dirty.Contains(r)).ToList())
        {
            var md = _roles[role];
            var targets = md.As<Targets>();
            if (md.Signatures.Count > 0)
            {
                targets.Version++;
            }

            targets.Expires = now + Expiry.Targets;
            SignWith(md, KeysOf(role), role);
            var bytes = md.ToBytes();
            var fileName = MetadataStore.FileName(role);
            if (consistent)
            {
                Write(metadataDir, $"{targets.Version}.{fileName}", bytes, written);
            }

            Write(metadataDir, fileName, bytes, written);
            Snapshot.Meta[role + ".json"] = HashesInSnapshot
                ? new MetaFile(targets.Version, bytes.Length, new Dictionary<string, string>(StringComparer.Ordinal) { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) })
                : new MetaFile(targets.Version);
            _dirty.Add("snapshot");
        }

        if (_dirty.Contains("snapshot"))
        {
            var md = _roles["snapshot"];
            if (md.Signatures.Count > 0)
            {
                Snapshot.Version++;
            }

            Snapshot.Expires = now + Expiry.Snapshot;
            SignWith(md, Root.Roles["snapshot"].KeyIds, "snapshot");
            var bytes = md.ToBytes();
            if (consistent)
            {
                Write(metadataDir, $"{Snapshot.Version}.snapshot.json", bytes, written);
            }

            Write(metadataDir, "snapshot.json", bytes, written);
            Timestamp.SnapshotMeta = new MetaFile(Snapshot.Version, bytes.Length, new Dictionary<string, string>(StringComparer.Ordinal) { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) });
            _dirty.Add("timestamp");
        }

        if (_dirty.Contains("timestamp"))
        {
            var md = _roles["timestamp"];
            if (md.Signatures.Count > 0)
            {
                Timestamp.Version++;
            }

            Timestamp.Expires = now + Expiry.Timestamp;
            SignWith(md, Root.Roles["timestamp"].KeyIds, "timestamp");
            Write(metadataDir, "timestamp.json", md.ToBytes(), written);
        }

        _dirty.Clear();
        return written;
    }

    private DateTimeOffset Now
    {
        get
        {
            var now = _time.GetUtcNow();
            return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        }
    }

    private static void CheckTopLevel(string role)
    {
        if (!SignedPayload.TopLevelRoles.Contains(role))
        {
            throw new ArgumentException($"'{role}' is not a top-level role.", nameof(role));
        }
    }

    private static void Write(string metadataDir, string fileName, byte[] bytes, List<string> written)
    {
        AtomicFile.Write(Path.Join(metadataDir, fileName), bytes);
        written.Add(fileName);
    }

    private List<string> KeysOf(string role)
    {
        if (role == "targets")
        {
            return Root.Roles["targets"].KeyIds;
        }

        foreach (var md in _roles.Values)
        {
            if (md.Payload is Targets { Delegations: { } delegations } && delegations.FindRole(role) is { } delegated)
            {
                return delegated.KeyIds;
            }
        }

        throw new InvalidOperationException($"No role delegates '{role}'.");
    }

    private void SignWith(Metadata metadata, IEnumerable<string> keyIds, string role)
    {
        var signers = keyIds.Select(k => _signers.GetValueOrDefault(k)).OfType<TufSigner>().ToList();
        if (signers.Count == 0)
        {
            throw new InvalidOperationException($"No signer of '{role}' is loaded in this repository.");
        }

        metadata.Sign(signers[0]);
        foreach (var signer in signers.Skip(1))
        {
            metadata.Sign(signer, append: true);
        }
    }
}
