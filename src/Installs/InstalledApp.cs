using AeUpdater.Installs.Layout;

namespace AeUpdater.Installs;

/// <summary>
/// What an app started by the launcher calls about itself. <see cref="ReportHealthy()"/> marks the running version good:
/// a version that starts <c>AEUPDATER_MAX_FAILED_STARTS</c> times (default 3) without it is marked bad and the launcher
/// falls back to the previous complete version.
/// </summary>
public static class InstalledApp
{
    /// <summary>The folder of the running version, or <see langword="null"/> when the app does not run from a versioned install.</summary>
    /// <value>The app's own folder when it holds <c>.aeupdater-version/</c>, else the folder the launcher named in <c>AEUPDATER_VERSION_DIR</c>.</value>
    public static string? VersionDirectory
    {
        get
        {
            var own = AppContext.BaseDirectory.TrimEnd('/', '\\');
            if (Directory.Exists(Path.Join(own, VersionLayout.ControlFolder)))
            {
                return own;
            }

            var named = Environment.GetEnvironmentVariable(VersionLayout.VersionDirectoryVariable);
            return !string.IsNullOrEmpty(named) && Directory.Exists(Path.Join(named, VersionLayout.ControlFolder)) ? named : null;
        }
    }

    /// <summary>The running version (SemVer 2.0 text, from its manifest), or <see langword="null"/> outside a versioned install.</summary>
    public static string? Version
    {
        get
        {
            if (VersionDirectory is not { } folder)
            {
                return null;
            }

            try
            {
                var lines = File.ReadAllLines(Path.Join(folder, VersionLayout.ControlFolder, VersionLayout.Manifest));
                return ManifestReader.TryParse(lines, out var manifest, out _) ? manifest.Version : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    /// <summary>Marks the running version healthy (once is enough; later calls cost one file check).</summary>
    /// <returns><see langword="true"/> when the version is marked healthy; <see langword="false"/> outside a versioned install or when the mark cannot be written.</returns>
    public static bool ReportHealthy() => VersionDirectory is { } folder && ReportHealthy(folder);

    /// <summary>Marks the version in <paramref name="versionDirectory"/> healthy.</summary>
    /// <param name="versionDirectory">A version folder (holding <c>.aeupdater-version/</c>).</param>
    /// <returns>Whether it is marked healthy.</returns>
    public static bool ReportHealthy(string versionDirectory)
    {
        ArgumentNullException.ThrowIfNull(versionDirectory);
        var control = Path.Join(versionDirectory, VersionLayout.ControlFolder);
        var marker = Path.Join(control, VersionLayout.Healthy);
        if (File.Exists(marker))
        {
            return true;
        }

        try
        {
            if (!Directory.Exists(control))
            {
                return false;
            }

            File.WriteAllText(marker, "healthy\n");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
