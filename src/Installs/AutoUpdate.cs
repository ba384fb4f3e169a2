using NuGet.Versioning;

namespace AeUpdater.Installs;

/// <summary>
/// esky's auto-update in one call: find the newest version, fetch its verified archive into the work area, install it,
/// clean up; all under the install's updater lock, reporting each stage.
/// </summary>
public static class AutoUpdate
{
    /// <summary>Updates the install to the newest version <paramref name="finder"/> offers, if it is newer than every installed one.</summary>
    /// <param name="installer">The install.</param>
    /// <param name="finder">Finds and fetches versions.</param>
    /// <param name="progress">Called at each stage (searching, found, downloading, installing, cleaning up, done, error).</param>
    /// <param name="entry">The executable inside the version, relative (default: the manifest's, else the app's name).</param>
    /// <param name="cancellationToken">Cancels; nothing is changed when cancelled before the version is renamed into place.</param>
    /// <returns>What happened; errors are data.</returns>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<AutoUpdateReport> RunAsync(AppInstaller installer, IVersionFinder finder, Action<AutoUpdateProgress>? progress = null, string? entry = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installer);
        ArgumentNullException.ThrowIfNull(finder);
        var report = (Action<AutoUpdateProgress>)(p => progress?.Invoke(p));
        using var updaterLock = installer.TryLock(cancellationToken, out var reason);
        if (updaterLock is null)
        {
            report(new AutoUpdateProgress(AutoUpdateStatus.Error, null, reason!));
            return new AutoUpdateReport(false, null, reason, null, null);
        }

        string? version = null;
        string? download = null;
        try
        {
            report(new AutoUpdateProgress(AutoUpdateStatus.Searching, null, "looking for a newer version of " + installer.AppName));
            version = await finder.FindNewestVersionAsync(installer.AppName, cancellationToken).ConfigureAwait(false);
            if (version is null)
            {
                report(new AutoUpdateProgress(AutoUpdateStatus.Done, null, "no newer version is available"));
                return new AutoUpdateReport(false, null, null, null, null);
            }

            if (!SemanticVersion.TryParse(version, out var found))
            {
                return Fail($"the finder offered '{version}', which is not a SemVer 2.0 version");
            }

            var upToDate = installer.UpToDateReason(found, version);
            if (upToDate is not null)
            {
                report(new AutoUpdateProgress(AutoUpdateStatus.Done, version, upToDate));
                return new AutoUpdateReport(false, version, null, null, null);
            }

            report(new AutoUpdateProgress(AutoUpdateStatus.Found, version, $"{installer.AppName} {version} is available"));
            download = installer.DownloadPath(version);
            report(new AutoUpdateProgress(AutoUpdateStatus.Downloading, version, "fetching into " + download));
            await finder.FetchAsync(installer.AppName, version, download, cancellationToken).ConfigureAwait(false);
            report(new AutoUpdateProgress(AutoUpdateStatus.Installing, version, "installing into " + installer.VersionFolder(version)));
            var install = installer.InstallLocked(download, version, entry, cancellationToken);
            if (install.Outcome == InstallOutcome.Failed)
            {
                return Fail(install.Error!) with { Install = install };
            }

            TryDelete(download);
            report(new AutoUpdateProgress(AutoUpdateStatus.CleaningUp, version, "removing versions no longer needed"));
            var cleanup = installer.CleanupLocked(cancellationToken);
            if (cleanup.HasFailures)
            {
                return Fail("installed, but cleanup failed: " + string.Join("; ", cleanup.Entries.Where(e => e.Action == "failed").Select(e => e.Reason))) with { Updated = true, Install = install, Cleanup = cleanup };
            }

            report(new AutoUpdateProgress(AutoUpdateStatus.Done, version, $"{installer.AppName} {version} installed; it starts at the next launch"));
            return new AutoUpdateReport(true, version, null, install, cleanup);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Fail(e.Message);
        }
        finally
        {
            if (download is not null)
            {
                TryDelete(download);
            }
        }

        AutoUpdateReport Fail(string error)
        {
            report(new AutoUpdateProgress(AutoUpdateStatus.Error, version, error));
            return new AutoUpdateReport(false, version, error, null, null);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Cleanup removes it later.
        }
    }
}
