using AeUpdater.Installs.Layout;
using AeUpdater.Installs.Locking;

namespace AeUpdater.Installs;

public sealed partial class AppInstaller
{
    /// <summary>
    /// Uninstalls a version: marks it first (it never starts again), then removes it. A version a process holds stays
    /// marked until it exits; <see cref="Cleanup"/> removes it then.
    /// </summary>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Stops waiting for the updater lock.</param>
    /// <returns>What was done.</returns>
    public UninstallReport Uninstall(string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        using var updaterLock = AcquireLock(cancellationToken, out var reason);
        if (updaterLock is null)
        {
            return new UninstallReport(UninstallOutcome.Failed, version, reason);
        }

        try
        {
            RemoveLeftovers(entries: null);
            var folder = VersionFolder(version);
            var existing = ScanVersions().FirstOrDefault(v => v.Folder == folder);
            if (existing is null)
            {
                return new UninstallReport(UninstallOutcome.NotInstalled, version, $"'{folder}' does not exist");
            }

            if (TryRemove(existing))
            {
                return new UninstallReport(UninstallOutcome.Removed, version, null);
            }

            MarkRemoving(existing);
            return new UninstallReport(UninstallOutcome.PendingInUse, version, $"a process runs '{folder}'; it never starts again and cleanup removes it after it exits");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new UninstallReport(UninstallOutcome.Failed, version, e.Message);
        }
    }

    /// <summary>
    /// Converges the install after anything: removes the work area's leftovers, finishes interrupted installs whose files
    /// check out (or removes them), and removes every version except the newest startable one, the newest startable one
    /// below it (the launcher's fallback), bad versions above them (so they are not installed again) and versions a
    /// process holds. Sets up or updates the launcher as an install would.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the updater lock and between versions.</param>
    /// <returns>What was done with each entry.</returns>
    public CleanupReport Cleanup(CancellationToken cancellationToken = default)
    {
        using var updaterLock = AcquireLock(cancellationToken, out var reason);
        return updaterLock is null ? new CleanupReport([], false, reason) : CleanupLocked(cancellationToken);
    }

    internal CleanupReport CleanupLocked(CancellationToken cancellationToken)
    {
        var entries = new List<CleanupEntry>();
        var launcherUpdated = false;
        try
        {
            EnsureFolders();
            RemoveLeftovers(entries);
            foreach (var version in ScanVersions().Where(v => v.State == VersionState.Incomplete))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (version.Manifest is not null && ManifestWriter.CheckHashes(version.Folder, version.Manifest, cancellationToken) is null)
                {
                    MarkComplete(version.Folder);
                    entries.Add(new CleanupEntry(version.Version, "finished", "an interrupted install had put it in place whole; its files match its manifest"));
                }
            }

            var versions = ScanVersions();
            var launchable = versions.Where(v => v.Launchable).Take(2).ToList();
            foreach (var version in versions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var keepReason = launchable.Count > 0 && version == launchable[0] ? "the newest startable version"
                    : launchable.Count > 1 && version == launchable[1] ? "the fallback: the newest startable version below it"
                    : version.Bad && version.State == VersionState.Complete && (launchable.Count == 0 || CompareVersions(version, launchable[0]) > 0) ? "marked bad; kept so that it is not installed again"
                    : null;
                if (keepReason is not null)
                {
                    entries.Add(new CleanupEntry(version.Version, "kept", keepReason));
                    continue;
                }

                var why = version.State switch
                {
                    VersionState.Incomplete => "an interrupted install whose files do not match its manifest",
                    VersionState.Damaged => "damaged: " + version.Problem,
                    VersionState.Removing => "marked for removal",
                    _ => version.Bad ? "marked bad" : "older than the two newest startable versions",
                };
                if (TryRemove(version))
                {
                    entries.Add(new CleanupEntry(version.Version, "removed", why));
                }
                else
                {
                    entries.Add(new CleanupEntry(version.Version, "pending", why + "; a process runs it, so it is kept until it exits"));
                }
            }

            launcherUpdated = UpdateLauncherFromNewest();
            var launcherSource = _options.LauncherDirectory ?? LauncherUpdater.DefaultSource();
            if (!File.Exists(LauncherPath) && LauncherUpdater.IsLauncherFolder(launcherSource))
            {
                launcherUpdated |= LauncherUpdater.Update(launcherSource!, _install, LauncherFileName, Step);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            entries.Add(new CleanupEntry(_appData, "failed", e.Message));
        }

        foreach (var entry in entries)
        {
            LogCleanup(_logger, _options.AppName, entry.Name, entry.Action, entry.Reason);
        }

        return new CleanupReport(entries, launcherUpdated, null);
    }

    /// <summary>Every version folder of this app and runtime identifier, highest first, with its state (reads only; takes no updater lock).</summary>
    /// <returns>The versions.</returns>
    public IReadOnlyList<InstalledVersion> GetVersions()
    {
        var versions = ScanVersions();
        var current = versions.FirstOrDefault(v => v.Launchable);
        return [.. versions.Select(v => new InstalledVersion(
            v.Version,
            _options.Rid,
            v.Folder,
            v.State,
            v.Bad,
            v.Healthy,
            v.FailedStarts,
            IsInUse(v),
            v == current,
            v.State == VersionState.Incomplete ? "not marked complete (an install in progress or interrupted)" : v.Problem))];
    }

    private static bool IsInUse(VersionFolderInfo version)
    {
        var lockPath = Path.Join(version.Control, VersionLayout.Lock);
        if (!File.Exists(lockPath))
        {
            return false;
        }

        using var probe = VersionFolderLock.TryAcquireExclusive(lockPath);
        return probe is null;
    }
}
