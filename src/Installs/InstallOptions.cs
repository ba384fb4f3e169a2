using AeUpdater.Installs.Layout;
using Microsoft.Extensions.Logging;

namespace AeUpdater.Installs;

/// <summary>Where an install is and how it is changed; validated once when an <see cref="AppInstaller"/> is created.</summary>
public sealed class InstallOptions
{
    /// <summary>The install folder: the launcher <c>INSTALL/APP</c> and <c>INSTALL/appdata/</c>. Created when missing.</summary>
    /// <value>Required.</value>
    public string InstallDirectory { get; set; } = "";

    /// <summary>The app's name: the launcher's file name and the prefix of each version folder.</summary>
    /// <value>Required; a plain file name.</value>
    public string AppName { get; set; } = "";

    /// <summary>The runtime identifier versions are installed for (the suffix of each version folder).</summary>
    /// <value>Default: this runtime's, e.g. <c>linux-x64</c>.</value>
    public string? RuntimeIdentifier { get; set; }

    /// <summary>A launcher build (the files of <c>src/Launcher</c>'s output or NativeAOT publish) to set up <c>INSTALL/APP</c> with when it is missing.</summary>
    /// <value>Default: the <c>launcher</c> folder next to the running program, when there is one.</value>
    public string? LauncherDirectory { get; set; }

    /// <summary>How long to wait for another updater of the same install to finish.</summary>
    /// <value>Default: 30 seconds.</value>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most bytes the files of one <c>.tar.gz</c> may unpack to.</summary>
    /// <value>Default: 8 GiB.</value>
    public long MaxArchiveBytes { get; set; } = 8L << 30;

    /// <summary>The most entries one <c>.tar.gz</c> may hold.</summary>
    /// <value>Default: 200,000.</value>
    public int MaxArchiveEntries { get; set; } = 200_000;

    /// <summary>Where the library logs.</summary>
    /// <value>Default: no logging.</value>
    public ILogger? Logger { get; set; }

    /// <summary>Test seam: called at each step of install, uninstall and cleanup (crash tests kill the process there).</summary>
    internal Action<string>? StepHook { get; set; }

    internal string Rid => RuntimeIdentifier ?? VersionLayout.CurrentRid;

    /// <summary>Checks every option; throws one exception that lists every error.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(InstallDirectory))
        {
            errors.Add("InstallDirectory is required");
        }

        if (!IsPlainName(AppName) || AppName == VersionLayout.AppData)
        {
            errors.Add($"AppName '{AppName}' must be a plain file name (not empty, no '/', '\\', control characters, '.', '..' or '{VersionLayout.AppData}')");
        }

        if (RuntimeIdentifier is not null && (!IsPlainName(RuntimeIdentifier) || RuntimeIdentifier.Contains('.', StringComparison.Ordinal)))
        {
            errors.Add($"RuntimeIdentifier '{RuntimeIdentifier}' must be a plain name without '.'");
        }

        if (LockTimeout < TimeSpan.Zero)
        {
            errors.Add("LockTimeout must not be negative");
        }

        if (MaxArchiveBytes <= 0 || MaxArchiveEntries <= 0)
        {
            errors.Add("MaxArchiveBytes and MaxArchiveEntries must be positive");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid install options: " + string.Join("; ", errors));
        }
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name != "." && name != ".." && !name.Any(c => c is '/' or '\\' || char.IsControl(c));
}
