using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Fetching;
using AeUpdater.Tuf.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AeUpdater.Tuf.Client;

/// <summary>
/// A TUF client (the spec's detailed client workflow, section 5): <see cref="RefreshAsync"/> brings the trusted
/// metadata up to date, <see cref="GetTargetInfoAsync"/> finds a target through delegations,
/// <see cref="FindCachedTarget"/> and <see cref="DownloadTargetAsync"/> get its verified bytes. The metadata folder
/// must hold a trusted <c>root.json</c> (see <see cref="InitializeTrustedRoot"/>).
/// </summary>
public sealed partial class Updater : IDisposable
{
    private readonly MetadataStore _store;
    private readonly string _metadataBaseUrl;
    private readonly string? _targetDir;
    private readonly string? _targetBaseUrl;
    private readonly ITufFetcher _fetcher;
    private readonly bool _ownsFetcher;
    private readonly UpdaterConfig _config;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private TrustedMetadataSet _trusted;
    private bool _refreshed;

    /// <summary>Creates an updater over a metadata folder that holds a trusted <c>root.json</c>.</summary>
    /// <param name="metadataDir">The trusted metadata folder.</param>
    /// <param name="metadataBaseUrl">The URL of the repository's metadata (a <c>/</c> is added when missing).</param>
    /// <param name="targetDir">Where targets are downloaded by default, or <see langword="null"/>.</param>
    /// <param name="targetBaseUrl">The URL of the repository's targets, or <see langword="null"/>.</param>
    /// <param name="fetcher">How URLs are opened. Default: <see cref="DefaultFetcher"/> (HTTP and <c>file:</c>).</param>
    /// <param name="config">The limits. Default: <see cref="UpdaterConfig"/>'s defaults.</param>
    /// <param name="timeProvider">The clock expiry is checked against. Default: the system clock.</param>
    /// <param name="logger">Where progress is logged. Default: nowhere.</param>
    /// <exception cref="StorageException">No readable <c>root.json</c>.</exception>
    /// <exception cref="RepositoryException">The stored root is not valid or not signed by itself.</exception>
    public Updater(string metadataDir, string metadataBaseUrl, string? targetDir = null, string? targetBaseUrl = null, ITufFetcher? fetcher = null, UpdaterConfig? config = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _config = config ?? new UpdaterConfig();
        _config.Validate();
        _store = new MetadataStore(metadataDir);
        _metadataBaseUrl = WithSlash(metadataBaseUrl);
        _targetDir = targetDir;
        _targetBaseUrl = targetBaseUrl is null ? null : WithSlash(targetBaseUrl);
        _ownsFetcher = fetcher is null;
        _fetcher = fetcher ?? new DefaultFetcher();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        var root = _store.TryRead("root") ?? throw new StorageException($"{_store.PathOf("root")}: no trusted root (initialize the metadata folder first).");
        _trusted = new TrustedMetadataSet(root, _time.GetUtcNow());
    }

    /// <summary>
    /// Checks <paramref name="rootData"/> against itself (valid metadata signed by a threshold of its own root keys;
    /// expiry is checked at the next refresh) and stores it as the trusted <c>root.json</c> of
    /// <paramref name="metadataDir"/>. No request is made.
    /// </summary>
    public static void InitializeTrustedRoot(string metadataDir, byte[] rootData)
    {
        _ = new TrustedMetadataSet(rootData, DateTimeOffset.MinValue);
        try
        {
            Directory.CreateDirectory(metadataDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"{metadataDir}: cannot create the metadata folder: {ex.Message}", ex);
        }

        new MetadataStore(metadataDir).Write("root", rootData);
    }

    /// <summary>The trusted root after the last refresh (or as loaded).</summary>
    public Root TrustedRoot => _trusted.Root;

    /// <summary>
    /// Refreshes the top-level metadata in spec order: root chain (5.3), timestamp (5.4), snapshot (5.5), targets
    /// (5.6). Each file is stored as soon as it is verified. Call it once per updater; a second call starts over.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        // 5.1: one reference time for the whole refresh.
        var rootBytes = _store.TryRead("root") ?? throw new StorageException($"{_store.PathOf("root")}: no trusted root.");
        _trusted = new TrustedMetadataSet(rootBytes, _time.GetUtcNow());
        _refreshed = true;
        await LoadRootAsync(cancellationToken).ConfigureAwait(false);
        await LoadTimestampAsync(cancellationToken).ConfigureAwait(false);
        await LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        await LoadTargetsAsync("targets", "root", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Finds <paramref name="targetPath"/> (5.6.7): a pre-order depth-first search from top-level targets through
    /// the delegations whose paths match, stopping at a terminating role, skipping roles already visited, visiting
    /// at most <see cref="UpdaterConfig.MaxDelegations"/> roles. Refreshes first if not done yet.
    /// </summary>
    /// <returns>The trusted target entry, or <see langword="null"/> when no role lists it.</returns>
    public async Task<TargetFile?> GetTargetInfoAsync(string targetPath, CancellationToken cancellationToken = default)
    {
        if (!_refreshed)
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        var toVisit = new List<(string Role, string Parent)> { ("targets", "root") };
        var visited = new HashSet<string>(StringComparer.Ordinal);
        while (visited.Count < _config.MaxDelegations && toVisit.Count > 0)
        {
            var (role, parent) = toVisit[^1];
            toVisit.RemoveAt(toVisit.Count - 1);
            if (visited.Contains(role))
            {
                // A cycle, or a role delegated twice: visited once.
                continue;
            }

            var targets = await LoadTargetsAsync(role, parent, cancellationToken).ConfigureAwait(false);
            if (targets.TargetFiles.TryGetValue(targetPath, out var target))
            {
                LogTargetFound(_logger, targetPath, role);
                return target;
            }

            visited.Add(role);
            if (targets.Delegations is null)
            {
                continue;
            }

            var children = new List<(string Role, string Parent)>();
            foreach (var (child, terminating) in targets.Delegations.GetRolesForTarget(targetPath))
            {
                children.Add((child, role));
                if (terminating)
                {
                    // 5.6.7.2.1: a terminating role ends the search of everything not yet visited.
                    toVisit.Clear();
                    break;
                }
            }

            children.Reverse();
            toVisit.AddRange(children);
        }

        if (toVisit.Count > 0)
        {
            LogDelegationLimit(_logger, targetPath, _config.MaxDelegations);
        }

        return null;
    }

    /// <summary>
    /// The local file of <paramref name="target"/> if it is present with the trusted length and hashes, else
    /// <see langword="null"/>. The default path is the target folder and the target path percent-encoded.
    /// </summary>
    public string? FindCachedTarget(TargetFile target, string? filePath = null)
    {
        var path = filePath ?? DefaultTargetPath(target);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length != target.Length || !target.Hashes.Keys.All(Hashing.IsSupported))
            {
                return null;
            }

            var (_, hashes) = Hashing.Compute(stream, target.Hashes.Keys);
            return target.Hashes.All(h => string.Equals(h.Value, hashes[h.Key], StringComparison.OrdinalIgnoreCase)) ? path : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Downloads <paramref name="target"/> unless <see cref="FindCachedTarget"/> finds it: streamed into a temporary
    /// file beside <paramref name="filePath"/>, length-limited and hashed on the fly, renamed into place only when
    /// length and every hash match (5.7.3); nothing is left behind otherwise.
    /// </summary>
    /// <returns>The path of the verified file.</returns>
    public async Task<string> DownloadTargetAsync(TargetFile target, string? filePath = null, string? targetBaseUrl = null, CancellationToken cancellationToken = default)
    {
        var path = filePath ?? DefaultTargetPath(target);
        if (FindCachedTarget(target, path) is { } cached)
        {
            LogTargetCached(_logger, target.Path, cached);
            return cached;
        }

        var baseUrl = targetBaseUrl is not null ? WithSlash(targetBaseUrl)
            : _targetBaseUrl ?? throw new InvalidOperationException("No target base URL was given.");
        var remotePath = target.Path;
        if (_trusted.Root.ConsistentSnapshot && _config.PrefixTargetsWithHash)
        {
            // 5.7.3: consistent snapshots serve targets as DIR/HASH.NAME.
            var slash = remotePath.LastIndexOf('/');
            remotePath = remotePath[..(slash + 1)] + target.Hashes.Values.First() + "." + remotePath[(slash + 1)..];
        }

        var url = baseUrl + remotePath;
        var hashes = Hashing.CreateAll(target.Hashes, $"target '{target.Path}'");
        var temp = AtomicFile.TempPathFor(path);
        try
        {
            try
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(path));
                if (folder is not null)
                {
                    Directory.CreateDirectory(folder);
                }

                using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                var length = await LimitedDownload.CopyAsync(_fetcher, url, target.Length, file, (buffer, count) =>
                {
                    foreach (var hash in hashes.Values)
                    {
                        hash.AppendData(buffer, 0, count);
                    }
                }, _config, cancellationToken).ConfigureAwait(false);
                if (length != target.Length)
                {
                    throw new LengthOrHashMismatchException($"target '{target.Path}': the length is {length} bytes, the trusted metadata says {target.Length}.");
                }

                foreach (var (algorithm, hash) in hashes)
                {
                    Hashing.Compare(algorithm, target.Hashes[algorithm], hash.GetHashAndReset(), $"target '{target.Path}'");
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new StorageException($"{path}: cannot write the target: {ex.Message}", ex);
            }

            try
            {
                File.Move(temp, path, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new StorageException($"{path}: cannot move the verified target into place: {ex.Message}", ex);
            }

            LogTargetDownloaded(_logger, target.Path, path);
            return path;
        }
        finally
        {
            AtomicFile.TryDelete(temp);
            foreach (var hash in hashes.Values)
            {
                hash.Dispose();
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsFetcher && _fetcher is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private static string WithSlash(string url) => url.EndsWith('/') ? url : url + "/";

    private string DefaultTargetPath(TargetFile target) =>
        _targetDir is null
            ? throw new InvalidOperationException("No target folder was given, and no file path.")
            : Path.Join(_targetDir, Uri.EscapeDataString(target.Path));

    private async Task LoadRootAsync(CancellationToken cancellationToken)
    {
        var original = _trusted.Root;
        var lower = original.Version + 1;
        var upper = lower + _config.MaxRootRotations;

        // 5.3.2-5.3.9: fetch N+1, N+2, ... until there is none (404/403), at most MaxRootRotations of them.
        for (var version = lower; version < upper; version++)
        {
            byte[] data;
            try
            {
                data = await FetchMetadataAsync("root", version, _config.RootMaxLength, cancellationToken).ConfigureAwait(false);
            }
            catch (DownloadHttpException ex) when (ex.StatusCode is 403 or 404)
            {
                break;
            }

            _trusted.UpdateRoot(data);
            _store.Write("root", data);
            LogRootUpdated(_logger, version);
        }

        // 5.3.11: after a rotation of the timestamp or snapshot keys, forget the stored timestamp (and snapshot),
        // so that versions signed by compromised keys cannot block updates (fast-forward attack recovery).
        var final = _trusted.Root;
        var snapshotRotated = !SameKeys(original.Roles["snapshot"], final.Roles["snapshot"]);
        if (snapshotRotated || !SameKeys(original.Roles["timestamp"], final.Roles["timestamp"]))
        {
            _store.Delete("timestamp");
            LogForgotten(_logger, "timestamp");
        }

        if (snapshotRotated)
        {
            _store.Delete("snapshot");
            LogForgotten(_logger, "snapshot");
        }
    }

    private static bool SameKeys(Role a, Role b) =>
        a.KeyIds.ToHashSet(StringComparer.Ordinal).SetEquals(b.KeyIds);

    private async Task LoadTimestampAsync(CancellationToken cancellationToken)
    {
        if (_store.TryRead("timestamp") is { } local)
        {
            try
            {
                _trusted.UpdateTimestamp(local);
            }
            catch (RepositoryException ex)
            {
                // Still the reference for rollback checks when only expired; else ignored.
                LogLocalRejected(_logger, "timestamp", ex.Message);
            }
        }

        var data = await FetchMetadataAsync("timestamp", null, _config.TimestampMaxLength, cancellationToken).ConfigureAwait(false);
        try
        {
            _trusted.UpdateTimestamp(data);
        }
        catch (EqualVersionNumberException)
        {
            // The same version: keep the stored one (5.4.3.1).
            return;
        }

        _store.Write("timestamp", data);
    }

    private async Task LoadSnapshotAsync(CancellationToken cancellationToken)
    {
        if (_store.TryRead("snapshot") is { } local)
        {
            try
            {
                _trusted.UpdateSnapshot(local, trusted: true);
                return;
            }
            catch (RepositoryException ex)
            {
                LogLocalRejected(_logger, "snapshot", ex.Message);
            }
        }

        var meta = _trusted.Timestamp!.SnapshotMeta;
        var version = _trusted.Root.ConsistentSnapshot ? meta.Version : (long?)null;
        var data = await FetchMetadataAsync("snapshot", version, meta.Length ?? _config.SnapshotMaxLength, cancellationToken).ConfigureAwait(false);
        _trusted.UpdateSnapshot(data);
        _store.Write("snapshot", data);
    }

    private async Task<Targets> LoadTargetsAsync(string role, string parent, CancellationToken cancellationToken)
    {
        if (_trusted.GetTargets(role) is { } loaded)
        {
            return loaded;
        }

        if (_store.TryRead(role) is { } local)
        {
            try
            {
                return _trusted.UpdateDelegatedTargets(local, role, parent).As<Targets>();
            }
            catch (RepositoryException ex)
            {
                LogLocalRejected(_logger, role, ex.Message);
            }
        }

        var meta = _trusted.Snapshot!.Meta.TryGetValue(role + ".json", out var m)
            ? m
            : throw new RepositoryException($"The snapshot does not list {role}.json.");
        var version = _trusted.Root.ConsistentSnapshot ? meta.Version : (long?)null;
        var data = await FetchMetadataAsync(role, version, meta.Length ?? _config.TargetsMaxLength, cancellationToken).ConfigureAwait(false);
        var targets = _trusted.UpdateDelegatedTargets(data, role, parent);
        _store.Write(role, data);
        return targets.As<Targets>();
    }

    private Task<byte[]> FetchMetadataAsync(string role, long? version, long maxLength, CancellationToken cancellationToken)
    {
        var name = Uri.EscapeDataString(role);
        var url = version is { } v ? $"{_metadataBaseUrl}{v}.{name}.json" : $"{_metadataBaseUrl}{name}.json";
        return LimitedDownload.BytesAsync(_fetcher, url, maxLength, _config, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Trusted root is now version {Version}")]
    private static partial void LogRootUpdated(ILogger logger, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Keys rotated: the stored {Role} metadata is forgotten (fast-forward recovery)")]
    private static partial void LogForgotten(ILogger logger, string role);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored {Role} metadata not used: {Reason}")]
    private static partial void LogLocalRejected(ILogger logger, string role, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Target {Target} found in {Role}")]
    private static partial void LogTargetFound(ILogger logger, string target, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Target {Target}: roles left to visit, but at most {Max} delegations are visited")]
    private static partial void LogDelegationLimit(ILogger logger, string target, int max);

    [LoggerMessage(Level = LogLevel.Information, Message = "Target {Target} already present at {Path}")]
    private static partial void LogTargetCached(ILogger logger, string target, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Target {Target} downloaded to {Path}")]
    private static partial void LogTargetDownloaded(ILogger logger, string target, string path);
}
