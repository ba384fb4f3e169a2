namespace AeUpdater.Installs;

/// <summary>One version folder of an install, as <see cref="AppInstaller.GetVersions"/> sees it.</summary>
/// <param name="Version">The version (SemVer 2.0 text).</param>
/// <param name="RuntimeIdentifier">The runtime identifier it was installed for.</param>
/// <param name="Folder">Its folder.</param>
/// <param name="State">Complete, incomplete, damaged or being removed.</param>
/// <param name="Bad">Marked bad by the launcher: it failed to start too often without reporting itself healthy.</param>
/// <param name="Healthy">It reported itself healthy at least once.</param>
/// <param name="FailedStarts">Starts counted while it had not reported itself healthy.</param>
/// <param name="InUse">A process holds it (a launcher or the app it started).</param>
/// <param name="Current">It is the version the launcher starts now.</param>
/// <param name="Problem">Why it is damaged or incomplete, when it is.</param>
public sealed record InstalledVersion(
    string Version,
    string RuntimeIdentifier,
    string Folder,
    VersionState State,
    bool Bad,
    bool Healthy,
    int FailedStarts,
    bool InUse,
    bool Current,
    string? Problem);
