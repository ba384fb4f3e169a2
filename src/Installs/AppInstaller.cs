using AeUpdater.Installs.Layout;
using AeUpdater.Installs.Locking;
using AeUpdater.Installs.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NuGet.Versioning;

namespace AeUpdater.Installs;

/// <summary>
/// Installs, uninstalls and cleans up the versions of one app side by side (esky's layout), for the launcher
/// <c>INSTALL/APP</c> to start the newest complete one. Every change runs under one inter-process updater lock and
/// converges after a crash at any step: rerun the command or <see cref="Cleanup"/>.
/// </summary>
public sealed partial class AppInstaller
{
    private readonly InstallOptions _options;
    private readonly ILogger _logger;
    private readonly string _install;
    private readonly string _appData;
    private readonly string _updates;

    /// <summary>Creates an installer for the install the options name (nothing is touched yet).</summary>
    /// <param name="options">The options; validated here.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public AppInstaller(InstallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _install = Path.GetFullPath(options.InstallDirectory);
        _appData = Path.Join(_install, VersionLayout.AppData);
        _updates = Path.Join(_appData, VersionLayout.Updates);
    }

    /// <summary>The install folder.</summary>
    public string InstallDirectory => _install;

    /// <summary>The app's name.</summary>
    public string AppName => _options.AppName;

    internal IDisposable? TryLock(CancellationToken cancellationToken, out string? reason) => AcquireLock(cancellationToken, out reason);

    /// <summary>Where AutoUpdate fetches an archive: the work area, under a name cleanup removes when left behind.</summary>
    internal string DownloadPath(string version)
    {
        EnsureFolders();
        return Path.Join(_updates, $"download-{_options.AppName}-{version}-{Guid.NewGuid().ToString("N")[..8]}.tar.gz");
    }

    /// <summary>Why <paramref name="found"/> need not be installed (installed already, marked bad, or not newer), or <see langword="null"/>.</summary>
    internal string? UpToDateReason(SemanticVersion found, string text)
    {
        var versions = ScanVersions();
        var same = versions.FirstOrDefault(v => v.Version == text);
        if (same is { Bad: true })
        {
            return $"{text} is marked bad here; waiting for a newer version";
        }

        var newest = versions.FirstOrDefault(v => v.Launchable);
        if (newest is not null && CompareVersions(newest, VersionFolderInfo.Inspect(VersionFolder(text), text, found, _options.AppName, _options.Rid)) >= 0)
        {
            return $"up to date: {newest.Version} is installed, {text} is the newest available";
        }

        return null;
    }

    /// <summary>
    /// Where the signed-delivery finder (<c>AeUpdater.Delivery.Updating.TufVersionFinder</c>) keeps this app's trusted TUF metadata: <c>INSTALL/appdata/.tuf/APP/</c>
    /// (never a version folder; cleanup leaves it alone).
    /// </summary>
    public string TrustedMetadataDirectory => Path.Join(_appData, ".tuf", _options.AppName);

    /// <summary>The launcher's path, <c>INSTALL/APP</c> (<c>APP.exe</c> on Windows).</summary>
    public string LauncherPath => Path.Join(_install, LauncherFileName);

    private string LauncherFileName => _options.AppName + (OperatingSystem.IsWindows() ? ".exe" : "");

    /// <summary>The folder a version is (or would be) installed in.</summary>
    /// <param name="version">The version.</param>
    /// <returns>The folder's path.</returns>
    public string VersionFolder(string version) => Path.Join(_appData, VersionLayout.FolderName(_options.AppName, version, _options.Rid));

    private void Step(string name) => _options.StepHook?.Invoke(name);

    private UpdaterLock? AcquireLock(CancellationToken cancellationToken, out string? reason)
    {
        Directory.CreateDirectory(_appData);
        var updaterLock = UpdaterLock.TryAcquire(Path.Join(_appData, VersionLayout.UpdaterLock), _options.LockTimeout, cancellationToken, out reason);
        if (updaterLock is not null)
        {
            Step("locked");
        }

        return updaterLock;
    }

    /// <summary>Creates INSTALL, appdata and updates, each flushed into its parent when new.</summary>
    private void EnsureFolders()
    {
        foreach (var folder in new[] { _install, _appData, _updates })
        {
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
                Durable.FsyncDirectory(Path.GetDirectoryName(folder)!);
            }
        }
    }

    /// <summary>The versions of this app and runtime identifier under appdata, highest first.</summary>
    private List<VersionFolderInfo> ScanVersions()
    {
        var list = new List<VersionFolderInfo>();
        if (!Directory.Exists(_appData))
        {
            return list;
        }

        foreach (var folder in Directory.EnumerateDirectories(_appData))
        {
            if (VersionLayout.TryParseFolderName(Path.GetFileName(folder), _options.AppName, _options.Rid, out var text)
                && SemanticVersion.TryParse(text, out var version))
            {
                list.Add(VersionFolderInfo.Inspect(folder, text, version, _options.AppName, _options.Rid));
            }
        }

        list.Sort((a, b) => CompareVersions(b, a));
        return list;
    }

    /// <summary>SemVer 2.0 precedence; equal precedence (build metadata) ordered by text, as the launcher does.</summary>
    internal static int CompareVersions(VersionFolderInfo a, VersionFolderInfo b)
    {
        var c = VersionComparer.VersionRelease.Compare(a.SemVer, b.SemVer);
        return c != 0 ? c : string.CompareOrdinal(a.Version, b.Version);
    }

    /// <summary>Deletes a folder tree that is no version any more (staging or trash); crash-safe as it is under updates/.</summary>
    private void DeleteTree(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
            Durable.FsyncDirectory(Path.GetDirectoryName(folder)!);
            Step("tree-deleted");
        }
    }

    /// <summary>Removes the leftovers of interrupted runs that nobody can use: staging and trash folders, launcher temporaries.</summary>
    private void RemoveLeftovers(List<CleanupEntry>? entries, string? keep = null)
    {
        if (Directory.Exists(_updates))
        {
            foreach (var entry in new DirectoryInfo(_updates).EnumerateFileSystemInfos())
            {
                var isLeftover = entry.Name.StartsWith(VersionLayout.StagingPrefix, StringComparison.Ordinal)
                    || entry.Name.StartsWith(VersionLayout.TrashPrefix, StringComparison.Ordinal);
                if ((!isLeftover && entries is null) || entry.FullName == keep)
                {
                    continue;
                }

                if (entry is DirectoryInfo)
                {
                    DeleteTree(entry.FullName);
                }
                else
                {
                    entry.Delete();
                    Durable.FsyncDirectory(_updates);
                }

                entries?.Add(new CleanupEntry(VersionLayout.Updates + "/" + entry.Name, "removed", "left by an interrupted install, uninstall or download"));
            }
        }

        if (Directory.Exists(_install))
        {
            foreach (var temporary in Directory.EnumerateFiles(_install, ".*" + LauncherUpdater.TemporarySuffix))
            {
                File.Delete(temporary);
                entries?.Add(new CleanupEntry(Path.GetFileName(temporary), "removed", "left by an interrupted launcher update"));
            }
        }
    }

    /// <summary>
    /// Removes a version: under its exclusive lock (so no launcher starts it meanwhile) it is marked removing, unmarked
    /// complete, renamed into the work area whole, then deleted there. <see langword="false"/> when a process holds it.
    /// </summary>
    private bool TryRemove(VersionFolderInfo version)
    {
        using (var exclusive = VersionFolderLock.TryAcquireExclusive(Path.Join(version.Control, VersionLayout.Lock)))
        {
            if (exclusive is null)
            {
                return false;
            }

            MarkRemoving(version);
            var trash = Path.Join(_updates, VersionLayout.TrashPrefix + Path.GetFileName(version.Folder) + "-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(_updates);
            Directory.Move(version.Folder, trash);
            Durable.FsyncDirectory(_appData);
            Durable.FsyncDirectory(_updates);
            Step("remove:renamed");
            version = version with { Folder = trash };
        }

        DeleteTree(version.Folder);
        LogRemoved(_logger, _options.AppName, version.Version);
        return true;
    }

    /// <summary>Uninstall and cleanup mark first: <c>removing</c> written, then <c>complete</c> deleted (each flushed).</summary>
    private void MarkRemoving(VersionFolderInfo version)
    {
        if (!Directory.Exists(version.Control))
        {
            return;
        }

        if (!File.Exists(Path.Join(version.Control, VersionLayout.Removing)))
        {
            Durable.WriteFile(Path.Join(version.Control, VersionLayout.Removing), "removing\n");
            Step("remove:marked");
        }

        if (File.Exists(Path.Join(version.Control, VersionLayout.Complete)))
        {
            Durable.DeleteFile(Path.Join(version.Control, VersionLayout.Complete));
            Step("remove:unmarked");
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Installed {App} {Version} in {Folder} ({Files} files, {Bytes} bytes)")]
    private static partial void LogInstalled(ILogger logger, string app, string version, string folder, int files, long bytes);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Removed {App} {Version}")]
    private static partial void LogRemoved(ILogger logger, string app, string version);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Install of {App} {Version} failed: {Error}")]
    private static partial void LogInstallFailed(ILogger logger, string app, string version, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Launcher {Launcher} updated from {Source}")]
    private static partial void LogLauncherUpdated(ILogger logger, string launcher, string source);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Cleanup of {App}: {Name} {Action} ({Reason})")]
    private static partial void LogCleanup(ILogger logger, string app, string name, string action, string reason);
}
