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

    public void Step(string name) => StepHook?.Invoke(name);
}
