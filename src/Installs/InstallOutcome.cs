namespace AeUpdater.Installs;

/// <summary>What an install did.</summary>
public enum InstallOutcome
{
    /// <summary>The version was installed (or an interrupted install of it was finished).</summary>
    Installed,

    /// <summary>The version was installed completely already; nothing was unpacked.</summary>
    AlreadyInstalled,

    /// <summary>Nothing was installed; <see cref="InstallReport.Error"/> says why. The install is as it was.</summary>
    Failed,
}
