namespace AeUpdater.Operations;

/// <summary>The outcome of an atomic rename.</summary>
internal enum RenameResult
{
    /// <summary>Renamed.</summary>
    Done,

    /// <summary>Not renamed: the destination exists (no-replace renames only).</summary>
    DestinationExists,

    /// <summary>Not renamed: source and destination are on different file systems.</summary>
    CrossDevice,

    /// <summary>Not renamed: a folder is where the file goes (replacing renames only).</summary>
    DestinationIsDirectory,

    /// <summary>Not renamed: the source, or the destination's folder, does not exist.</summary>
    NotFound,
}
