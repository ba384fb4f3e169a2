using AeUpdater.Planning;
using Microsoft.Extensions.Logging;

namespace AeUpdater.Operations;

/// <summary>Runs a plan's operations in order; each failure is recorded and the rest goes on.</summary>
internal static partial class Executor
{
    public static IReadOnlyList<FileOperationReport> Run(Plan plan, ExecutionSettings settings)
    {
        var reports = new List<FileOperationReport>(plan.Operations.Count);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        settings.Progress?.Report(new UpdateProgress(0, plan.Operations.Count, null));
        foreach (var group in plan.Operations.GroupBy(o => o.Rule))
        {
            var movedFrom = new HashSet<string>(StringComparer.Ordinal);
            var count = 0;
            foreach (var op in group)
            {
                settings.CancellationToken.ThrowIfCancellationRequested();
                var report = FileOperator.Apply(op, settings, touched);
                settings.OperationDone?.Invoke(reports.Count, report);
                reports.Add(report);
                Log(settings.Logger, report);
                settings.Progress?.Report(new UpdateProgress(reports.Count, plan.Operations.Count, report));
                if (report.Outcome == OperationOutcome.Moved)
                {
                    movedFrom.Add(Path.GetDirectoryName(op.Source)!);
                }

                count++;
                settings.Step("operation:done");
            }

            RemoveEmptiedFolders(group.Key.Folder, movedFrom, settings.Logger);
            LogFolder(settings.Logger, group.Key.Folder, group.Key.Destination, count);
        }

        if (settings.FlushToDisk && !settings.DryRun)
        {
            foreach (var directory in touched)
            {
                AtomicRename.FlushDirectory(directory);
            }
        }

        return reports;
    }

    /// <summary>Removes sub-folders of a moves folder that this run emptied; the drop-in folder itself stays.</summary>
    private static void RemoveEmptiedFolders(string dropInFolder, HashSet<string> movedFrom, ILogger logger)
    {
        foreach (var start in movedFrom.OrderByDescending(d => d.Length))
        {
            for (var dir = start; Planner.IsUnder(dir, dropInFolder); dir = Path.GetDirectoryName(dir)!)
            {
                try
                {
                    if (Directory.EnumerateFileSystemEntries(dir).Any())
                    {
                        break;
                    }

                    Directory.Delete(dir);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    LogFolderNotRemoved(logger, dir, e.Message);
                    break;
                }
            }
        }
    }

    private static void Log(ILogger logger, FileOperationReport report)
    {
        switch (report.Outcome)
        {
            case OperationOutcome.Failed:
                LogFailed(logger, report.Source, report.Destination, report.Error);
                break;
            case OperationOutcome.Skipped when report.Error is not null:
                LogSkippedWithReason(logger, report.Source, report.Error);
                break;
            default:
                LogOperation(logger, report.Outcome, report.Source, report.Destination);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Outcome} {Source} -> {Destination}")]
    private static partial void LogOperation(ILogger logger, OperationOutcome outcome, string source, string destination);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed {Source} -> {Destination}: {Error}")]
    private static partial void LogFailed(ILogger logger, string source, string destination, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Source}: {Reason}")]
    private static partial void LogSkippedWithReason(ILogger logger, string source, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drop-in folder {Folder} -> {Destination}: {Count} file(s)")]
    private static partial void LogFolder(ILogger logger, string folder, string destination, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Emptied folder {Folder} not removed: {Reason}")]
    private static partial void LogFolderNotRemoved(ILogger logger, string folder, string reason);
}
