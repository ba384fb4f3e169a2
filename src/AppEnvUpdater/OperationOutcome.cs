namespace AeUpdater;

/// <summary>What happened to one file of a drop-in folder.</summary>
public enum OperationOutcome
{
    /// <summary>Dry run: it would be copied or moved.</summary>
    Planned,

    /// <summary>Copied to the destination.</summary>
    Copied,

    /// <summary>Moved to the destination.</summary>
    Moved,

    /// <summary>Not touched: the destination exists and the kind does not overwrite.</summary>
    Skipped,

    /// <summary>Not done; <see cref="FileOperationReport.Error"/> says why. Nothing was lost.</summary>
    Failed,
}
