namespace AeUpdater;

/// <summary>A folder in the root that was rejected, ignored or skipped, and why.</summary>
public sealed record FolderReport
{
    /// <summary>The folder (absolute).</summary>
    public required string Folder { get; init; }

    /// <summary>Why: which argument or name part, and what is wrong with it.</summary>
    public required string Reason { get; init; }
}
