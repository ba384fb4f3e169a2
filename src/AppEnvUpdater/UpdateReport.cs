namespace AeUpdater;

/// <summary>What a <c>CheckAll</c> (or sibling) call found and did.</summary>
public sealed record UpdateReport
{
    /// <summary>The root that was searched (absolute).</summary>
    public required string Root { get; init; }

    /// <summary>Whether this was a dry run (nothing changed).</summary>
    public bool DryRun { get; init; }

    /// <summary>The platform id <c>OnOS__</c> arguments were compared with.</summary>
    public required string Platform { get; init; }

    /// <summary>Destination paths written, in order (what upstream's <c>check_all</c> returns); empty on a dry run.</summary>
    public IReadOnlyList<string> Processed { get; init; } = [];

    /// <summary>Every file of every applied drop-in folder, in order, with its outcome.</summary>
    public IReadOnlyList<FileOperationReport> Operations { get; init; } = [];

    /// <summary>Drop-in folders whose name is invalid; nothing in them was touched.</summary>
    public IReadOnlyList<FolderReport> Rejected { get; init; } = [];

    /// <summary>Folders whose name looks like a drop-in folder's but is not one (e.g. <c>ae_updater_copies_old</c>); never applied.</summary>
    public IReadOnlyList<FolderReport> Ignored { get; init; } = [];

    /// <summary>Valid drop-in folders for another platform (<c>OnOS__</c>).</summary>
    public IReadOnlyList<FolderReport> Skipped { get; init; } = [];

    /// <summary>The plugins found, in the order they ran.</summary>
    public IReadOnlyList<PluginReport> Plugins { get; init; } = [];

    /// <summary>The recovery of an interrupted earlier run, or <see langword="null"/> when the last run had finished.</summary>
    public RecoveryReport? Recovery { get; init; }

    /// <summary>Why nothing at all was done (e.g. another process held the state lock past the timeout), or <see langword="null"/>.</summary>
    public string? NotRunReason { get; init; }

    /// <summary>The state directory (journal and lock) of the run; <see langword="null"/> when the root had nothing to do and no state existed.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Whether any operation or plugin failed, any folder was rejected, or the run could not start.</summary>
    public bool HasFailures =>
        NotRunReason is not null || Operations.Any(o => o.Outcome == OperationOutcome.Failed) || Rejected.Count > 0 || Plugins.Any(p => p.Failed);
}
