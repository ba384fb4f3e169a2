using AeUpdater.Installs.Layout;
using AeUpdater.Installs.Native;
using AeUpdater.Installs.Staging;
using NuGet.Versioning;

namespace AeUpdater.Installs;

public sealed partial class AppInstaller
{
    /// <summary>
    /// Installs a version from a folder or a <c>.tar.gz</c> holding its files at the top: unpacked under
    /// <c>appdata/updates/</c>, checked (against the manifest it ships, if any), flushed, renamed into <c>appdata/</c>
    /// whole, marked complete as the last step; then the launcher is set up (new install) or replaced (when this newest
    /// version ships one in <c>.aeupdater-launcher/</c>). Sets up a new install too.
    /// </summary>
    /// <param name="source">A folder, or a <c>.tar.gz</c>/<c>.tgz</c> file.</param>
    /// <param name="version">The version (SemVer 2.0).</param>
    /// <param name="entry">The executable inside the version, relative (default: the manifest's, else APP, APP.exe on Windows).</param>
    /// <param name="cancellationToken">Stops before the version is renamed into place (nothing changes then).</param>
    /// <returns>What was done; failures are data (<see cref="InstallOutcome.Failed"/>).</returns>
    public InstallReport Install(string source, string version, string? entry = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(version);
        if (!SemanticVersion.TryParse(version, out _) || version.Contains('/', StringComparison.Ordinal))
        {
            return Failed(version, $"'{version}' is not a SemVer 2.0 version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD])");
        }

        using var updaterLock = AcquireLock(cancellationToken, out var reason);
        if (updaterLock is null)
        {
            return Failed(version, reason!);
        }

        return InstallLocked(Path.GetFullPath(source), version, entry, cancellationToken);
    }

    internal InstallReport InstallLocked(string source, string version, string? entry, CancellationToken cancellationToken)
    {
        EnsureFolders();
        RemoveLeftovers(entries: null, keep: source);
        var folder = VersionFolder(version);
        var launcherSource = _options.LauncherDirectory ?? LauncherUpdater.DefaultSource();
        if (_options.LauncherDirectory is not null && !LauncherUpdater.IsLauncherFolder(_options.LauncherDirectory))
        {
            return Failed(version, $"'{_options.LauncherDirectory}' holds no launcher ({LauncherUpdater.ExecutableName})");
        }

        var launcherUpdated = false;
        if (!File.Exists(LauncherPath) && launcherSource is not null)
        {
            launcherUpdated = LauncherUpdater.Update(launcherSource, _install, LauncherFileName, Step);
        }

        if (Directory.Exists(folder))
        {
            var existing = ScanVersions().First(v => v.Folder == folder);
            switch (existing.State)
            {
                case VersionState.Complete:
                    launcherUpdated |= UpdateLauncherFromNewest();
                    return new InstallReport(InstallOutcome.AlreadyInstalled, version, folder, existing.Manifest!.Files.Count, existing.Manifest.Files.Sum(f => f.Size), launcherUpdated, null);
                case VersionState.Incomplete when existing.Manifest is not null
                    && ManifestWriter.CheckHashes(folder, existing.Manifest, cancellationToken) is null:
                    // Renamed into place whole and flushed, but not marked yet: finish it.
                    MarkComplete(folder);
                    launcherUpdated |= UpdateLauncherFromNewest();
                    return new InstallReport(InstallOutcome.Installed, version, folder, existing.Manifest.Files.Count, existing.Manifest.Files.Sum(f => f.Size), launcherUpdated, null);
                default:
                    if (!TryRemove(existing))
                    {
                        return Failed(version, $"'{folder}' is {existing.State.ToString().ToLowerInvariant()} ({existing.Problem ?? "marked for removal"}) and a process holds it; run cleanup after it exits");
                    }

                    break;
            }
        }

        var staging = Path.Join(_updates, VersionLayout.StagingPrefix + Path.GetFileName(folder) + "-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (problem, files, bytes) = Stage(source, staging, version, entry, cancellationToken);
            if (problem is not null)
            {
                DeleteTree(staging);
                return Failed(version, problem);
            }

            if (!File.Exists(LauncherPath) && !LauncherUpdater.IsLauncherFolder(Path.Join(staging, VersionLayout.LauncherFolder)))
            {
                DeleteTree(staging);
                return Failed(version, $"'{LauncherPath}' is missing and there is no launcher to set it up with (no InstallOptions.LauncherDirectory, no launcher/ next to this program, none in the version's {VersionLayout.LauncherFolder}/)");
            }

            cancellationToken.ThrowIfCancellationRequested();
            Directory.Move(staging, folder);
            Durable.FsyncDirectory(_appData);
            Durable.FsyncDirectory(_updates);
            Step("install:renamed");
            MarkComplete(folder);
            launcherUpdated |= UpdateLauncherFromNewest();
            LogInstalled(_logger, _options.AppName, version, folder, files, bytes);
            return new InstallReport(InstallOutcome.Installed, version, folder, files, bytes, launcherUpdated, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            // A full disk, a read error, cancellation: the staging folder goes, nothing else was changed.
            try
            {
                DeleteTree(staging);
            }
            catch (Exception cleanupError) when (cleanupError is IOException or UnauthorizedAccessException)
            {
                // Cleanup removes it later.
            }

            if (e is OperationCanceledException)
            {
                throw;
            }

            return Failed(version, $"installing into '{staging}' failed: {e.Message}; nothing was installed");
        }
    }

    /// <summary>Unpacks or copies the source into the staging folder, checks it, writes the manifest and lock file, flushes everything.</summary>
    private (string? Problem, int Files, long Bytes) Stage(string source, string staging, string version, string? entry, CancellationToken cancellationToken)
    {
        var isArchive = File.Exists(source) && (source.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || source.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase));
        if (!isArchive && !Directory.Exists(source))
        {
            return ($"'{source}' is neither a folder nor a .tar.gz file", 0, 0);
        }

        // An archive is read and checked whole before anything is written for it.
        var problem = isArchive ? TarGzSource.Check(source, _options.MaxArchiveBytes, _options.MaxArchiveEntries, cancellationToken) : null;
        if (problem is not null)
        {
            return (problem, 0, 0);
        }

        Directory.CreateDirectory(staging);
        Step("install:staging-created");
        var writer = new StagingWriter(staging, Step);
        if (isArchive)
        {
            TarGzSource.Extract(source, writer, cancellationToken);
        }
        else
        {
            problem = FolderSource.Copy(source, writer, cancellationToken);
        }

        if (problem is not null)
        {
            return (problem, 0, 0);
        }

        if (writer.ExpectedManifest is { } expectedLines)
        {
            if (!ManifestReader.TryParse(expectedLines, out var expected, out var error))
            {
                return ($"the manifest '{source}' ships is malformed: {error}", 0, 0);
            }

            if (expected.Name != _options.AppName || expected.Version != version)
            {
                return ($"the manifest '{source}' ships is for {expected.Name} {expected.Version}, not {_options.AppName} {version}", 0, 0);
            }

            problem = ManifestWriter.CompareWithExpected(writer.Files, expected);
            if (problem is not null)
            {
                return (problem, 0, 0);
            }

            entry ??= expected.Entry;
        }

        entry = (entry ?? _options.AppName + (OperatingSystem.IsWindows() ? ".exe" : "")).Replace('\\', '/');
        if (!writer.Files.Any(f => f.Path == entry))
        {
            return ($"the entry '{entry}' is not a file of the version (give the executable's path inside it with --entry)", 0, 0);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(Path.Join(staging, entry)) & UnixFileMode.UserExecute) == 0)
        {
            return ($"the entry '{entry}' is not executable", 0, 0);
        }

        var control = Path.Join(staging, VersionLayout.ControlFolder);
        Directory.CreateDirectory(control);
        File.WriteAllText(Path.Join(control, VersionLayout.Manifest), ManifestWriter.Format(_options.AppName, version, _options.Rid, entry, writer.Files));
        File.WriteAllBytes(Path.Join(control, VersionLayout.Lock), []);
        Step("install:manifest-written");
        Durable.FlushTree(staging);
        Durable.FsyncDirectory(_updates);
        Step("install:flushed");
        return (null, writer.Files.Count, writer.Bytes);
    }

    private void MarkComplete(string folder)
    {
        Durable.WriteFile(Path.Join(folder, VersionLayout.ControlFolder, VersionLayout.Complete), "complete\n");
        Step("install:complete");
    }

    /// <summary>Replaces the launcher with the one the newest startable version ships, if it ships one that differs.</summary>
    private bool UpdateLauncherFromNewest()
    {
        var newest = ScanVersions().FirstOrDefault(v => v.Launchable);
        var shipped = newest is null ? null : Path.Join(newest.Folder, VersionLayout.LauncherFolder);
        if (!LauncherUpdater.IsLauncherFolder(shipped))
        {
            return false;
        }

        var changed = LauncherUpdater.Update(shipped!, _install, LauncherFileName, Step);
        if (changed)
        {
            LogLauncherUpdated(_logger, LauncherPath, shipped!);
        }

        return changed;
    }

    private InstallReport Failed(string version, string error)
    {
        LogInstallFailed(_logger, _options.AppName, version, error);
        return new InstallReport(InstallOutcome.Failed, version, VersionFolder(version), 0, 0, false, error);
    }
}
