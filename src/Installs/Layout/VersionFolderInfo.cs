using NuGet.Versioning;

namespace AeUpdater.Installs.Layout;

/// <summary>What one version folder holds: its markers and, when readable, its manifest and the result of the size check.</summary>
internal sealed record VersionFolderInfo(
    string Folder,
    string Version,
    SemanticVersion SemVer,
    bool MarkedComplete,
    bool MarkedRemoving,
    bool Bad,
    bool Healthy,
    int FailedStarts,
    ManifestData? Manifest,
    string? Problem)
{
    public string Control => Path.Join(Folder, VersionLayout.ControlFolder);

    public VersionState State =>
        MarkedRemoving ? VersionState.Removing
        : !MarkedComplete ? VersionState.Incomplete
        : Problem is not null ? VersionState.Damaged
        : VersionState.Complete;

    /// <summary>What the launcher may start: complete, intact, not bad.</summary>
    public bool Launchable => State == VersionState.Complete && !Bad;

    public static VersionFolderInfo Inspect(string folder, string version, SemanticVersion semVer, string app, string rid)
    {
        var control = Path.Join(folder, VersionLayout.ControlFolder);
        var complete = File.Exists(Path.Join(control, VersionLayout.Complete));
        var removing = File.Exists(Path.Join(control, VersionLayout.Removing));
        var bad = File.Exists(Path.Join(control, VersionLayout.Bad));
        var healthy = File.Exists(Path.Join(control, VersionLayout.Healthy));
        var starts = new FileInfo(Path.Join(control, VersionLayout.Starts));
        var failedStarts = starts.Exists ? (int)Math.Min(starts.Length, int.MaxValue) : 0;
        ManifestData? manifest = null;
        string? problem;
        try
        {
            var lines = File.ReadAllLines(Path.Join(control, VersionLayout.Manifest));
            if (!ManifestReader.TryParse(lines, out var parsed, out var error))
            {
                problem = "its manifest is malformed: " + error;
            }
            else if (parsed.Name != app || parsed.Version != version || parsed.Rid != rid)
            {
                problem = $"its manifest names {parsed.Name} {parsed.Version} {parsed.Rid}";
            }
            else
            {
                manifest = parsed;
                problem = ManifestWriter.CheckSizes(folder, parsed);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = "its manifest cannot be read: " + e.Message;
        }

        return new VersionFolderInfo(folder, version, semVer, complete, removing, bad, healthy, failedStarts, manifest, problem);
    }
}
