namespace AeUpdater.Planning;

/// <summary>A non-hidden entry found in a drop-in folder: a file, or a symbolic link (to a file or a folder) that is not followed.</summary>
/// <param name="RelativePath">The path relative to the drop-in folder, with <c>/</c> separators.</param>
/// <param name="IsLink">Whether the entry is a symbolic link.</param>
/// <param name="Error">
/// Set for a sub-folder that could not be listed (permissions, a path too long, a name that is not valid UTF-8): a
/// per-folder failure; nothing in it is applied.
/// </param>
internal readonly record struct SourceEntry(string RelativePath, bool IsLink, string? Error = null);
