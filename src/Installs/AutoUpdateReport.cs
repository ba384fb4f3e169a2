namespace AeUpdater.Installs;

/// <summary>The result of <see cref="AutoUpdate.RunAsync"/>.</summary>
/// <param name="Updated">A new version was installed.</param>
/// <param name="Version">The newest version found, if any.</param>
/// <param name="Error">Why it stopped, when it did.</param>
/// <param name="Install">The install's report, when one ran.</param>
/// <param name="Cleanup">The cleanup's report, when one ran.</param>
public sealed record AutoUpdateReport(bool Updated, string? Version, string? Error, InstallReport? Install, CleanupReport? Cleanup);
