namespace AeUpdater.Planning;

/// <summary>A non-hidden sub-folder of the root.</summary>
/// <param name="Name">The folder's name.</param>
/// <param name="IsLink">Whether it is a symbolic link to a folder.</param>
internal readonly record struct RootEntry(string Name, bool IsLink);
