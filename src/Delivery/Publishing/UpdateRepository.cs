using System.Text.Json;
using System.Text.Json.Nodes;
using AeUpdater.Delivery.Archives;
using AeUpdater.Delivery.Patching;
using AeUpdater.Delivery.Releases;
using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Models;
using AeUpdater.Tuf.Repository;
using NuGet.Versioning;

namespace AeUpdater.Delivery.Publishing;

/// <summary>What <see cref="UpdateRepository.Add"/> published.</summary>
/// <param name="Archive">The archive target.</param>
/// <param name="Patch">The patch target, or <see langword="null"/> (the first release, or no patch wanted).</param>
/// <param name="MetadataWritten">The metadata files written.</param>
public sealed record PublishResult(ReleaseTarget Archive, ReleaseTarget? Patch, IReadOnlyList<string> MetadataWritten);

/// <summary>
/// The publisher's repository of one app (what tufup's <c>Repository</c> does): <c>REPO/metadata/</c> (served as the
/// metadata URL), <c>REPO/targets/</c> (served as the target base URL), <c>REPO/aeupdater-repo.json</c> (the app name
/// and the keys folder) and the private keys in <c>REPO/keys/</c> or another folder, never under the served folders.
/// Every role has one ed25519 key; consistent snapshots are on.
/// </summary>
public sealed class UpdateRepository
{
    /// <summary>The configuration file's name inside the repository folder.</summary>
    public const string ConfigFileName = "aeupdater-repo.json";

    private static readonly string[] TopLevelRoles = ["root", "targets", "snapshot", "timestamp"];

    private readonly TufRepository _tuf;

    private UpdateRepository(string repoDir, string appName, string keysDir, TufRepository tuf)
    {
        RepoDir = repoDir;
        AppName = appName;
        KeysDir = keysDir;
        _tuf = tuf;
    }

    /// <summary>The repository folder.</summary>
    public string RepoDir { get; }

    /// <summary>The app's name (the archive name prefix).</summary>
    public string AppName { get; }

    /// <summary>The folder of the private keys.</summary>
    public string KeysDir { get; }

    /// <summary>The served metadata folder.</summary>
    public string MetadataDir => Path.Join(RepoDir, "metadata");

    /// <summary>The served targets folder.</summary>
    public string TargetsDir => Path.Join(RepoDir, "targets");

    /// <summary>The expiry policy used when signing (tufup's defaults).</summary>
    public ExpiryPolicy Expiry => _tuf.Expiry;

    /// <summary>The published releases of this app, oldest first.</summary>
    public IReadOnlyList<ReleaseTarget> Releases =>
        [.. _tuf.Targets.TargetFiles.Values.Select(t => ReleaseNames.TryRead(AppName, t)).OfType<ReleaseTarget>().OrderBy(r => r.Version).ThenBy(r => r.IsPatch)];

    /// <summary>
    /// Creates a repository: one new ed25519 key per top-level role (saved, mode 0600, in <paramref name="keysDir"/>,
    /// default <c>REPO/keys</c>), and version 1 of root, targets, snapshot and timestamp.
    /// </summary>
    /// <exception cref="DeliveryException">The name is invalid, the repository exists, or the keys folder is served.</exception>
    public static UpdateRepository Init(string repoDir, string appName, string? keysDir = null, TimeProvider? timeProvider = null)
    {
        if (!ReleaseNames.IsValidAppName(appName))
        {
            throw new DeliveryException($"'{appName}' is not a valid app name: use letters, digits, '.', '_' and '-' (at most 64, starting with a letter or digit).");
        }

        var repo = Path.GetFullPath(repoDir);
        var keys = Path.GetFullPath(keysDir ?? Path.Join(repo, "keys"));
        CheckKeysOutsideServed(repo, keys);
        if (File.Exists(Path.Join(repo, ConfigFileName)) || File.Exists(Path.Join(repo, "metadata", "root.json")))
        {
            throw new DeliveryException($"'{repo}' is already a repository ({ConfigFileName} or metadata/root.json exists).");
        }

        Directory.CreateDirectory(repo);
        CreatePrivateFolder(keys);
        Directory.CreateDirectory(Path.Join(repo, "targets"));
        var tuf = TufRepository.Create(consistentSnapshot: true, timeProvider);
        foreach (var role in TopLevelRoles)
        {
            var signer = TufSigner.Generate();
            signer.Save(Path.Join(keys, KeyFileName(role, signer.KeyId)));
            tuf.AddKey(role, signer);
        }

        var config = new JsonObject
        {
            ["app"] = appName,
            ["keys"] = keysDir is null ? "keys" : keys,
        };
        File.WriteAllText(Path.Join(repo, ConfigFileName), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var repository = new UpdateRepository(repo, appName, keys, tuf);
        tuf.Publish(repository.MetadataDir);
        return repository;
    }

    /// <summary>Opens a repository made by <see cref="Init"/> and loads every key file in the keys folder.</summary>
    /// <param name="repoDir">The repository folder.</param>
    /// <param name="keysDir">The keys folder. Default: the one recorded at init.</param>
    /// <param name="timeProvider">The clock expiries are computed from.</param>
    /// <exception cref="DeliveryException">Not a repository, or a key or metadata file cannot be read.</exception>
    public static UpdateRepository Open(string repoDir, string? keysDir = null, TimeProvider? timeProvider = null)
    {
        var repo = Path.GetFullPath(repoDir);
        var configPath = Path.Join(repo, ConfigFileName);
        JsonObject config;
        try
        {
            config = JsonNode.Parse(File.ReadAllText(configPath))?.AsObject() ?? throw new DeliveryException($"{configPath}: empty.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            throw new DeliveryException($"'{repo}' is not a repository made by 'repo init': cannot read {configPath}: {ex.Message}", ex);
        }

        var app = (string?)config["app"] ?? throw new DeliveryException($"{configPath}: no 'app'.");
        var keys = Path.GetFullPath(keysDir ?? Path.Join(repo, (string?)config["keys"] ?? "keys"));
        CheckKeysOutsideServed(repo, keys);
        TufRepository tuf;
        try
        {
            tuf = TufRepository.Load(Path.Join(repo, "metadata"), timeProvider);
        }
        catch (Tuf.TufException ex)
        {
            throw new DeliveryException($"'{repo}': cannot load the metadata: {ex.Message}", ex);
        }

        if (!Directory.Exists(keys))
        {
            throw new DeliveryException($"The keys folder '{keys}' does not exist (give it with --keys).");
        }

        foreach (var file in Directory.EnumerateFiles(keys, "*.key.json"))
        {
            try
            {
                tuf.AddSigner(TufSigner.Load(file));
            }
            catch (Tuf.TufException ex)
            {
                throw new DeliveryException(ex.Message, ex);
            }
        }

        return new UpdateRepository(repo, app, keys, tuf);
    }

    /// <summary>
    /// Publishes <paramref name="bundleDir"/> as <paramref name="version"/>: the deterministic archive
    /// <c>APP-VERSION.tar.gz</c> and, unless <paramref name="makePatch"/> is false or it is the first release, the
    /// patch <c>APP-VERSION.patch</c> from the previous release's tar; then signs targets, snapshot and timestamp.
    /// </summary>
    /// <exception cref="DeliveryException">The version is not above every published one, or the bundle cannot be archived.</exception>
    public PublishResult Add(string bundleDir, NuGetVersion version, bool required = false, bool makePatch = true)
    {
        var releases = Releases;
        var previous = releases.Where(r => !r.IsPatch).MaxBy(r => r.Version);
        if (previous is not null && version <= previous.Version)
        {
            throw new DeliveryException($"{version} is not above the newest published version {previous.Version}; versions must increase.");
        }

        var work = Path.Join(RepoDir, ".work-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(work);
        try
        {
            var archiveName = ReleaseNames.ArchiveName(AppName, version);
            var archivePath = Path.Join(work, archiveName);
            TarDigest digest;
            try
            {
                digest = DeterministicArchive.WriteTarGz(bundleDir, archivePath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new DeliveryException($"Cannot archive '{bundleDir}': {ex.Message}", ex);
            }
            catch (ArchiveException ex)
            {
                throw new DeliveryException(ex.Message, ex);
            }

            var archive = AddTarget(archivePath, archiveName, ReleaseNames.ArchiveCustom(AppName, version, required, digest.TarLength, digest.TarSha256));
            ReleaseTarget? patch = null;
            if (makePatch && previous is not null)
            {
                var previousTar = Path.Join(work, "previous.tar");
                var previousDigest = DeterministicArchive.Decompress(ServedPath(previous.Target), previousTar);
                if (previousDigest.TarSha256 != previous.TarSha256)
                {
                    throw new DeliveryException($"The published archive of {previous.Version} does not match its signed tar hash; re-publish it before adding a patch.");
                }

                var newTar = Path.Join(work, "new.tar");
                DeterministicArchive.Decompress(archivePath, newTar);
                var patchBytes = ZstdPatch.Create(File.ReadAllBytes(previousTar), File.ReadAllBytes(newTar));
                var patchName = ReleaseNames.PatchName(AppName, version);
                var patchPath = Path.Join(work, patchName);
                File.WriteAllBytes(patchPath, patchBytes);
                patch = AddTarget(patchPath, patchName, ReleaseNames.PatchCustom(AppName, previous.Version, previous.TarSha256, version, digest.TarLength, digest.TarSha256));
            }

            var written = _tuf.Publish(MetadataDir);
            return new PublishResult(archive, patch, written);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Re-signs <paramref name="role"/> (or every top-level role) with a new version and a renewed expiry; snapshot
    /// and timestamp follow as TUF requires.
    /// </summary>
    /// <returns>The metadata files written.</returns>
    public IReadOnlyList<string> Sign(string? role = null)
    {
        if (role is not null && !TopLevelRoles.Contains(role, StringComparer.Ordinal))
        {
            throw new DeliveryException($"'{role}' is not a role: use root, targets, snapshot or timestamp.");
        }

        foreach (var r in role is null ? TopLevelRoles : [role])
        {
            _tuf.Touch(r);
        }

        return Publish();
    }

    /// <summary>
    /// Replaces <paramref name="role"/>'s key with a new one: the new key file is saved, a new root lists it (signed by
    /// the old and the new root keys, so clients can follow), every affected role is re-signed, and the old key files
    /// that no role uses any more are moved to <c>KEYS/retired/</c>.
    /// </summary>
    /// <returns>The new key id.</returns>
    public string RotateKey(string role)
    {
        if (!TopLevelRoles.Contains(role, StringComparer.Ordinal))
        {
            throw new DeliveryException($"'{role}' is not a role: use root, targets, snapshot or timestamp.");
        }

        var signer = TufSigner.Generate();
        signer.Save(Path.Join(KeysDir, KeyFileName(role, signer.KeyId)));
        _tuf.RotateKey(role, signer);
        _tuf.Touch("snapshot");
        _tuf.Touch("timestamp");
        Publish();

        var inUse = _tuf.Root.Roles.Values.SelectMany(r => r.KeyIds).ToHashSet(StringComparer.Ordinal);
        var retired = Path.Join(KeysDir, "retired");
        foreach (var file in Directory.EnumerateFiles(KeysDir, "*.key.json"))
        {
            var keyId = Path.GetFileName(file).Split('.')[0].Split('-').Last();
            if (!inUse.Any(k => k.StartsWith(keyId, StringComparison.Ordinal)))
            {
                CreatePrivateFolder(retired);
                File.Move(file, Path.Join(retired, Path.GetFileName(file)), overwrite: true);
            }
        }

        return signer.KeyId;
    }

    /// <summary>The served file of a target (consistent snapshots: <c>targets/SHA256.NAME</c>).</summary>
    public string ServedPath(TargetFile target) => Path.Join(TargetsDir, target.Hashes["sha256"] + "." + target.Path);

    private static string KeyFileName(string role, string keyId) => $"{role}-{keyId[..16]}.key.json";

    private static void CreatePrivateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void CheckKeysOutsideServed(string repo, string keys)
    {
        foreach (var served in new[] { Path.Join(repo, "metadata"), Path.Join(repo, "targets") })
        {
            var relative = Path.GetRelativePath(served, keys);
            if (relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative)))
            {
                throw new DeliveryException($"The keys folder '{keys}' is inside the served folder '{served}'; private keys must never be served.");
            }
        }
    }

    private IReadOnlyList<string> Publish()
    {
        try
        {
            return _tuf.Publish(MetadataDir);
        }
        catch (InvalidOperationException ex)
        {
            throw new DeliveryException($"Cannot sign: {ex.Message} (is the keys folder '{KeysDir}' complete?)", ex);
        }
    }

    private ReleaseTarget AddTarget(string localPath, string name, JsonObject custom)
    {
        var target = TargetFile.FromFile(name, localPath, custom);
        var served = ServedPath(target);
        File.Copy(localPath, served + ".part", overwrite: true);
        File.Move(served + ".part", served, overwrite: true);
        _tuf.AddTarget(target);
        return ReleaseNames.TryRead(AppName, target) ?? throw new InvalidOperationException($"The target '{name}' does not read back.");
    }
}
