namespace AeUpdater.Installs.Layout;

/// <summary>
/// The on-disk names of a versioned install, shared (as source) by the library and the launcher so that both read
/// the same layout:
/// <code>
/// INSTALL/APP                                 the launcher
/// INSTALL/appdata/.lock                       the updater lock (one updater at a time)
/// INSTALL/appdata/APP-VERSION.RID/            one version
/// INSTALL/appdata/APP-VERSION.RID/.aeupdater-version/{manifest,complete,removing,bad,healthy,starts,lock}
/// INSTALL/appdata/updates/                    work area (staging, downloads, trash); never run from
/// </code>
/// </summary>
internal static class VersionLayout
{
    public const string AppData = "appdata";
    public const string Updates = "updates";
    public const string UpdaterLock = ".lock";
    public const string ControlFolder = ".aeupdater-version";
    public const string LauncherFolder = ".aeupdater-launcher";

    /// <summary>The manifest: every file of the version with its size and SHA-256 (see <see cref="ManifestReader"/>).</summary>
    public const string Manifest = "manifest";

    /// <summary>Written as the last step of an install: the version may start.</summary>
    public const string Complete = "complete";

    /// <summary>Written first by uninstall and cleanup: the version is going away and never starts again.</summary>
    public const string Removing = "removing";

    /// <summary>Written by the launcher when the version failed to start too often without reporting itself healthy.</summary>
    public const string Bad = "bad";

    /// <summary>Written by <c>InstalledApp.ReportHealthy()</c>: the version started properly at least once.</summary>
    public const string Healthy = "healthy";

    /// <summary>One byte appended per start of a version that has not reported itself healthy yet.</summary>
    public const string Starts = "starts";

    /// <summary>The file a launcher holds a shared lock on while the version runs.</summary>
    public const string Lock = "lock";

    /// <summary>Starts without a healthy report after which a version is marked bad.</summary>
    public const int DefaultMaxFailedStarts = 3;

    /// <summary>Overrides <see cref="DefaultMaxFailedStarts"/> for the launcher (a positive integer).</summary>
    public const string MaxFailedStartsVariable = "AEUPDATER_MAX_FAILED_STARTS";

    /// <summary>Set by the launcher for the app: the version folder it started.</summary>
    public const string VersionDirectoryVariable = "AEUPDATER_VERSION_DIR";

    /// <summary>Set by the launcher for the app: the install folder.</summary>
    public const string InstallDirectoryVariable = "AEUPDATER_INSTALL_DIR";

    /// <summary>Prefix of staging folders under <see cref="Updates"/>.</summary>
    public const string StagingPrefix = "staging-";

    /// <summary>Prefix of folders under <see cref="Updates"/> that are being deleted.</summary>
    public const string TrashPrefix = "trash-";

    /// <summary>The folder name of a version: <c>APP-VERSION.RID</c>.</summary>
    public static string FolderName(string app, string version, string rid) => app + "-" + version + "." + rid;

    /// <summary>Splits a folder name <c>APP-VERSION.RID</c> into its version text (the RID holds no dot).</summary>
    public static bool TryParseFolderName(string folderName, string app, string rid, out string version)
    {
        version = "";
        var prefix = app + "-";
        var suffix = "." + rid;
        if (folderName.Length <= prefix.Length + suffix.Length
            || !folderName.StartsWith(prefix, StringComparison.Ordinal)
            || !folderName.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }

        version = folderName.Substring(prefix.Length, folderName.Length - prefix.Length - suffix.Length);
        return true;
    }

    /// <summary>The runtime identifier versions are installed for here (e.g. <c>linux-x64</c>).</summary>
    public static string CurrentRid => System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
}
