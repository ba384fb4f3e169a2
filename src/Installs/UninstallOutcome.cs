namespace AeUpdater.Installs;

/// <summary>What an uninstall did.</summary>
public enum UninstallOutcome
{
    /// <summary>The version is gone.</summary>
    Removed,

    /// <summary>The version is marked for removal and never starts again, but a process holds it: cleanup removes it after it exits.</summary>
    PendingInUse,

    /// <summary>No such version is installed.</summary>
    NotInstalled,

    /// <summary>It could not be done; <see cref="UninstallReport.Error"/> says why.</summary>
    Failed,
}
