namespace AeUpdater.Installs;

/// <summary>The result of <see cref="AppInstaller.Install"/>.</summary>
/// <param name="Outcome">Installed, already installed, or failed.</param>
/// <param name="Version">The version.</param>
/// <param name="Folder">The version's folder (also when it failed).</param>
/// <param name="Files">Files installed.</param>
/// <param name="Bytes">Bytes installed.</param>
/// <param name="LauncherUpdated">The launcher <c>INSTALL/APP</c> was set up or replaced.</param>
/// <param name="Error">Why it failed.</param>
public sealed record InstallReport(InstallOutcome Outcome, string Version, string Folder, int Files, long Bytes, bool LauncherUpdated, string? Error);
