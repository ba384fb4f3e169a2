using Spectre.Console;

namespace AeUpdater.Cli.Output;

/// <summary>
/// Moves a Spectre progress bar from <see cref="UpdaterOptions.Progress"/> reports, synchronously on the reporting
/// thread (unlike <see cref="Progress{T}"/>, which posts to the thread pool and could report after the call returned).
/// </summary>
internal sealed class ProgressTaskReporter : IProgress<UpdateProgress>
{
    private readonly ProgressTask _task;

    public ProgressTaskReporter(ProgressTask task)
    {
        _task = task;
    }

    public void Report(UpdateProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _task.IsIndeterminate = false;
        _task.MaxValue = Math.Max(1, value.Total);
        // Durable copies are written in batches and complete at the batch's end: written ones count as done for the bar.
        _task.Value = value.Completed + value.Staged;
        _task.Description = value.Operation is null
            ? $"Applying {value.Total} file(s)"
            : Markup.Escape($"{ReportNames.Outcome(value.Operation.Outcome)} {ReportText.Escape(Path.GetFileName(value.Operation.Destination))}");
    }
}
