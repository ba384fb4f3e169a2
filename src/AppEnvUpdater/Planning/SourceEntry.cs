namespace AeUpdater.Planning;

/// <summary>A non-hidden entry found in a drop-in folder: a file, or a symbolic link (to a file or a folder) that is not followed.</summary>
/// <param name="RelativePath">The path relative to the drop-in folder, with <c>/</c> separators.</param>
/// <param name="IsLink">Whether the entry is a symbolic link.</param>
internal readonly record struct SourceEntry(string RelativePath, bool IsLink);
