namespace AeUpdater.Installs;

/// <summary>The result of <see cref="AppInstaller.Uninstall"/>.</summary>
/// <param name="Outcome">Removed, pending, not installed, or failed.</param>
/// <param name="Version">The version.</param>
/// <param name="Error">Why it failed.</param>
public sealed record UninstallReport(UninstallOutcome Outcome, string Version, string? Error);
