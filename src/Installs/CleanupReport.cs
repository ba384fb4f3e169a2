namespace AeUpdater.Installs;

/// <summary>The result of <see cref="AppInstaller.Cleanup"/>.</summary>
/// <param name="Entries">Each version and work-area entry, with what was done.</param>
/// <param name="LauncherUpdated">The launcher was set up or replaced.</param>
/// <param name="Error">Why cleanup did not run (another updater held the install).</param>
public sealed record CleanupReport(IReadOnlyList<CleanupEntry> Entries, bool LauncherUpdated, string? Error)
{
    /// <summary>True when cleanup did not run or an entry failed.</summary>
    public bool HasFailures => Error is not null || Entries.Any(e => e.Action == "failed");
}
