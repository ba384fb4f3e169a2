namespace AeUpdater.Installs;

/// <summary>What cleanup did with one folder or file.</summary>
/// <param name="Name">The version, or the name of a work-area or launcher temporary entry.</param>
/// <param name="Action"><c>kept</c>, <c>removed</c>, <c>finished</c> (an interrupted install completed), <c>pending</c> (in use, removed later) or <c>failed</c>.</param>
/// <param name="Reason">Why.</param>
public sealed record CleanupEntry(string Name, string Action, string Reason);
