namespace AeUpdater;

/// <summary>What the recovery of an interrupted earlier run found and did, before this run planned anything.</summary>
public sealed record RecoveryReport
{
    /// <summary>The id of the interrupted run (from the journal).</summary>
    public required string RunId { get; init; }

    /// <summary>When the interrupted run started.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>How many file operations the interrupted run intended.</summary>
    public int OperationsIntended { get; init; }

    /// <summary>How many of them its journal records as finished.</summary>
    public int OperationsRecorded { get; init; }

    /// <summary>Hidden temporary files it left behind that were removed (only its own: named with its run id, regular files).</summary>
    public IReadOnlyList<string> TemporaryFilesRemoved { get; init; } = [];

    /// <summary>
    /// Moves across file systems whose copy the journal recorded and which is still at the destination (same device and
    /// inode, on another device than the source): their sources were removed to finish them.
    /// </summary>
    public IReadOnlyList<string> MovesCompleted { get; init; } = [];

    /// <summary>What recovery left alone, and why: nothing is removed that this engine cannot prove it created or moved.</summary>
    public IReadOnlyList<RecoverySkip> Skipped { get; init; } = [];

    /// <summary>Plugins whose run the crash interrupted (counted by the crash-loop guard).</summary>
    public IReadOnlyList<string> PluginsInterrupted { get; init; } = [];
}
