namespace AeUpdater.Installs;

/// <summary>One status report of <see cref="AutoUpdate"/>.</summary>
/// <param name="Status">The stage.</param>
/// <param name="Version">The version concerned, once known.</param>
/// <param name="Message">What happened, for people.</param>
public sealed record AutoUpdateProgress(AutoUpdateStatus Status, string? Version, string Message);
