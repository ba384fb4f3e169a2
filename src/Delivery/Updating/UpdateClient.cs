using System.Security.Cryptography;
using AeUpdater.Delivery.Archives;
using AeUpdater.Delivery.Patching;
using AeUpdater.Delivery.Releases;
using AeUpdater.Placeholders;
using AeUpdater.Tuf;
using AeUpdater.Tuf.Client;
using AeUpdater.Tuf.Fetching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NuGet.Versioning;

namespace AeUpdater.Delivery.Updating;

/// <summary>
/// Updates an app from a TUF repository made by <c>ae-updater repo</c> (what tufup's client does): refreshes the
/// trusted metadata, picks the newest version of the channel above the installed one (stopping at the first required
/// release before it), downloads the chain of patches when it is smaller than the archive (else the archive), checks
/// the resulting tar against the signed hash, and installs its files into the root crash-safely. The next
/// <c>AppEnvUpdater.CheckAll</c> applies the drop-in folders and plugins the archive brought.
/// </summary>
public sealed partial class UpdateClient
{
    private readonly UpdateClientOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the client.</summary>
    /// <exception cref="ArgumentException">An option is missing or invalid.</exception>
    public UpdateClient(UpdateClientOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ReleaseNames.IsValidAppName(options.AppName))
        {
            throw new ArgumentException($"AppName: '{options.AppName}' is not a valid app name.", nameof(options));
        }

        _options = options;
        _logger = logger ?? NullLogger.Instance;
        Root = Path.GetFullPath(options.Root);
        if (!Directory.Exists(Root))
        {
            throw new ArgumentException($"Root: the folder '{Root}' does not exist.", nameof(options));
        }

        try
        {
            var map = PlaceholderMap.Create(options.Environment, options.AppName);
            StateDirectory = map.Normalize(options.StateDirectory, Root);
        }
        catch (PlaceholderException ex)
        {
            throw new ArgumentException($"StateDirectory: {ex.Message}", nameof(options), ex);
        }

        Installer = new RootInstaller(Root, StateDirectory);
    }

    /// <summary>The app root.</summary>
    public string Root { get; }

    /// <summary>The state directory in use.</summary>
    public string StateDirectory { get; }

    /// <summary>The trusted TUF metadata folder.</summary>
    public string MetadataDirectory => Path.Join(StateDirectory, "tuf", "metadata");

    internal RootInstaller Installer { get; }

    private string DownloadDirectory => Path.Join(StateDirectory, "tuf", "downloads");

    /// <summary>The installed version, from <c>STATE/installed.json</c>, or <see langword="null"/>.</summary>
    public string? GetInstalledVersion() => Installer.ReadInstalled()?.Version;

    /// <summary>
    /// Finishes or undoes an install that was interrupted (a crash, a kill); call it at the app's start, before
    /// <c>CheckAll</c>. <see cref="UpdateAsync"/> does it first too.
    /// </summary>
    /// <returns>What was done, or <see langword="null"/> when nothing was pending.</returns>
    public string? Recover()
    {
        if (!Directory.Exists(Installer.DeliveryDir))
        {
            return null;
        }

        using var stateLock = DeliveryLock.Acquire(Installer.DeliveryDir, _options.LockTimeout, CancellationToken.None);
        return Installer.Recover();
    }

    /// <summary>Checks for an update and installs it (unless <see cref="UpdateClientOptions.DryRun"/>).</summary>
    /// <returns>What was done; failures are reported in the result, not thrown.</returns>
    /// <exception cref="OperationCanceledException">Cancelled before the root was changed.</exception>
    public async Task<UpdateResult> UpdateAsync(CancellationToken cancellationToken = default)
    {
        string? recovery = null;
        string? installed = null;
        try
        {
            Directory.CreateDirectory(Installer.DeliveryDir);
            using var stateLock = DeliveryLock.Acquire(Installer.DeliveryDir, _options.LockTimeout, cancellationToken);
            recovery = Installer.Recover();
            if (recovery is not null)
            {
                LogRecovered(_logger, recovery);
            }

            var current = Installer.ReadInstalled();
            installed = current?.Version;
            return await UpdateLockedAsync(current, recovery, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TufException or DeliveryException or ArchiveException or IOException or UnauthorizedAccessException)
        {
            LogFailed(_logger, ex.Message);
            return new UpdateResult { Status = UpdateStatus.Failed, InstalledVersion = installed, Error = ex.Message, Recovery = recovery, StateDirectory = StateDirectory };
        }
    }

    private async Task<UpdateResult> UpdateLockedAsync(InstalledState? current, string? recovery, CancellationToken cancellationToken)
    {
        var installedVersion = current is null ? null : NuGetVersion.Parse(current.Version);
        using var fetcher = new ProgressFetcher(_options.Fetcher ?? new DefaultFetcher(), _options.Fetcher is null, _options.Progress);
        using var updater = CreateUpdater(fetcher);
        await updater.RefreshAsync(cancellationToken).ConfigureAwait(false);

        var releases = await ReleaseSource.ReadReleasesAsync(updater, MetadataDirectory, _options.AppName, cancellationToken).ConfigureAwait(false);
        var result = new UpdateResult
        {
            Status = UpdateStatus.UpToDate,
            InstalledVersion = current?.Version,
            Recovery = recovery,
            StateDirectory = StateDirectory,
        };

        // tufup's rule: a required release between the installed and the newest version is installed first.
        if (ReleaseSource.Choose(releases, installedVersion, _options.Channel) is not { } chosen)
        {
            return result;
        }

        var (target, newest) = chosen;

        var targetVersion = target.Version.ToNormalizedString();
        var chain = PatchChain(releases, current, installedVersion, target);
        var usePatches = chain is not null && chain.Sum(p => p.Target.Length) < target.Target.Length;
        var plan = usePatches ? chain! : [target];
        result = result with
        {
            NewestVersion = newest.Version.ToNormalizedString(),
            TargetVersion = targetVersion,
            StoppedAtRequired = target != newest,
            Method = usePatches ? "patches" : "archive",
            Downloads = [.. plan.Select(p => p.Target.Path)],
            DownloadBytes = plan.Sum(p => p.Target.Length),
        };
        if (_options.DryRun)
        {
            return result with { Status = UpdateStatus.UpdateAvailable };
        }

        Directory.CreateDirectory(DownloadDirectory);
        string? patchFailure = null;
        var downloads = new List<string>();
        long downloadBytes = 0;
        var haveTar = false;
        if (usePatches)
        {
            try
            {
                var tar = await File.ReadAllBytesAsync(Installer.CurrentTarPath, cancellationToken).ConfigureAwait(false);
                foreach (var patch in chain!)
                {
                    downloads.Add(patch.Target.Path);
                    downloadBytes += patch.Target.Length;
                    var file = await DownloadAsync(updater, fetcher, patch, cancellationToken).ConfigureAwait(false);
                    var patchBytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
                    File.Delete(file);
                    tar = ZstdPatch.Apply(tar, patchBytes, patch.TarLength, patch.TarSha256);
                }

                // The last patch's signed tar hash is the archive's (checked in PatchChain); verified again here.
                if (Convert.ToHexStringLower(SHA256.HashData(tar)) != target.TarSha256)
                {
                    throw new PatchException("the patched tar does not match the archive's signed tar hash.");
                }

                await WriteAllBytesDurableAsync(Installer.NewTarPath, tar, cancellationToken).ConfigureAwait(false);
                haveTar = true;
                LogPatched(_logger, chain.Count, targetVersion);
            }
            catch (Exception ex) when (ex is PatchException or TufException or IOException)
            {
                patchFailure = ex.Message;
                LogPatchFailed(_logger, ex.Message);
            }
        }

        if (!haveTar)
        {
            downloads.Add(target.Target.Path);
            downloadBytes += target.Target.Length;
            var file = await DownloadAsync(updater, fetcher, target, cancellationToken).ConfigureAwait(false);
            try
            {
                DecompressVerified(file, target);
            }
            finally
            {
                File.Delete(file);
            }
        }

        var state = new InstalledState(targetVersion, target.TarSha256, target.TarLength);
        int written;
        try
        {
            written = Installer.Install(state, _options.ArchiveLimits, cancellationToken);
        }
        catch (Exception ex) when (ex is ArchiveException or DeliveryException or OperationCanceledException)
        {
            // Refused or cancelled before the intent was written: the root is unchanged; leave no staging behind.
            if (!File.Exists(Installer.IntentPath))
            {
                if (Directory.Exists(Installer.StagingDir))
                {
                    Directory.Delete(Installer.StagingDir, recursive: true);
                }

                AtomicWrite.TryDelete(Installer.NewTarPath);
            }

            throw;
        }

        LogInstalled(_logger, state.Version, written, Root);
        return result with
        {
            Status = UpdateStatus.Updated,
            Method = haveTar && patchFailure is null && usePatches ? "patches" : "archive",
            Downloads = downloads,
            DownloadBytes = downloadBytes,
            PatchFailure = patchFailure,
            FilesWritten = written,
        };
    }

    private static List<ReleaseTarget>? PatchChain(IReadOnlyList<ReleaseTarget> releases, InstalledState? current, NuGetVersion? installed, ReleaseTarget target)
    {
        if (current is null || installed is null)
        {
            return null;
        }

        var patches = releases.Where(r => r.IsPatch && r.Version > installed && r.Version <= target.Version).OrderBy(r => r.Version).ToList();
        if (patches.Count == 0 || patches[^1].Version != target.Version || patches[^1].TarSha256 != target.TarSha256)
        {
            return null;
        }

        var version = installed;
        var sha = current.TarSha256;
        foreach (var patch in patches)
        {
            if (patch.From != version || patch.FromTarSha256 != sha)
            {
                return null;
            }

            version = patch.Version;
            sha = patch.TarSha256;
        }

        return patches;
    }

    private Updater CreateUpdater(ProgressFetcher fetcher) =>
        ReleaseSource.CreateUpdater(MetadataDirectory, _options.TrustedRootPath, _options.MetadataUrl, DownloadDirectory, _options.TargetBaseUrl, fetcher, _options.TufConfig, _options.TimeProvider, _logger);

    private async Task<string> DownloadAsync(Updater updater, ProgressFetcher fetcher, ReleaseTarget release, CancellationToken cancellationToken)
    {
        fetcher.Current = release.Target;
        var path = Path.Join(DownloadDirectory, release.Target.Path);
        return await updater.DownloadTargetAsync(release.Target, path, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private void DecompressVerified(string archivePath, ReleaseTarget target)
    {
        var temp = Installer.NewTarPath + ".part";
        try
        {
            using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                ReleaseSource.CheckTarDigest(archivePath, target, output);
                output.Flush(flushToDisk: true);
            }

            File.Move(temp, Installer.NewTarPath, overwrite: true);
        }
        finally
        {
            AtomicWrite.TryDelete(temp);
        }
    }

    private static async Task WriteAllBytesDurableAsync(string path, byte[] data, CancellationToken cancellationToken)
    {
        var temp = path + ".part";
        await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovered an interrupted install: {What}")]
    private static partial void LogRecovered(ILogger logger, string what);

    [LoggerMessage(Level = LogLevel.Error, Message = "Update failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} patch(es) up to {Version}; the result matches the signed hash")]
    private static partial void LogPatched(ILogger logger, int count, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Patches failed, downloading the archive instead: {Reason}")]
    private static partial void LogPatchFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Installed {Version}: {Files} file(s) written into {Root}")]
    private static partial void LogInstalled(ILogger logger, string version, int files, string root);
}
