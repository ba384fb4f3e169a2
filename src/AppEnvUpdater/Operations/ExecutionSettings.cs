using Microsoft.Extensions.Logging;

namespace AeUpdater.Operations;

/// <summary>How the executor runs: for real or dry, flushed to disk or not, and the test seam.</summary>
/// <param name="DryRun">Evaluate each operation without changing anything (not even folders).</param>
/// <param name="FlushToDisk">Flush file data before each rename and directories after the run.</param>
/// <param name="Logger">Where to log.</param>
/// <param name="StepHook">Called at each step that changes the disk (tests inject faults here); <see langword="null"/> in production.</param>
/// <param name="Progress">Told about each finished operation.</param>
/// <param name="CancellationToken">Checked between files.</param>
internal sealed record ExecutionSettings(
    bool DryRun,
    bool FlushToDisk,
    ILogger Logger,
    Action<string>? StepHook,
    IProgress<UpdateProgress>? Progress,
    CancellationToken CancellationToken)
{
    /// <summary>Called after each operation with its index in the plan (the journal's done record).</summary>
    public Action<int, FileOperationReport>? OperationDone { get; init; }

    /// <summary>The run's id (the journal's): part of every temporary file's name, so that recovery knows its own.</summary>
    public string RunId { get; init; } = StartupText.HexLower(Guid.NewGuid());

    /// <summary>The state directory: never a destination, nor a folder inside it (checked on folder identities).</summary>
    public string? StateDirectory { get; init; }

    /// <summary>The state directory's identity, read when the plan was made (so that moving it afterwards does not hide it).</summary>
    public FileId? StateDirectoryId { get; init; }

    /// <summary>
    /// Called when a move across file systems has its copy complete and flushed in a temporary file, before it is renamed
    /// into place, with the operation's index and the copy's identity (the journal's <c>copied</c> record, flushed): the
    /// proof recovery needs before it completes such a move by deleting its source.
    /// </summary>
    public Action<int, FileId>? MoveCopied { get; init; }

    /// <summary>A moves folder with at least this many files is moved on several threads (<see cref="Executor"/>).</summary>
    public int ConcurrentMovesFrom { get; init; } = DefaultConcurrentMovesFrom;

    /// <summary>The default of <see cref="ConcurrentMovesFrom"/>: below it, starting threads costs more than they save.</summary>
    internal const int DefaultConcurrentMovesFrom = 256;

    public void Step(string name) => StepHook?.Invoke(name);
}
