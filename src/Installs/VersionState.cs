namespace AeUpdater.Installs;

/// <summary>The state of one version folder.</summary>
public enum VersionState
{
    /// <summary>Installed completely: marked complete and every file of its manifest there with its size.</summary>
    Complete,

    /// <summary>Not marked complete: an install in progress or interrupted; never started (cleanup finishes or removes it).</summary>
    Incomplete,

    /// <summary>Marked complete but a file is missing or has another size, or the manifest is unreadable; never started.</summary>
    Damaged,

    /// <summary>Marked for removal by uninstall or cleanup; never started again, removed once no process holds it.</summary>
    Removing,
}
