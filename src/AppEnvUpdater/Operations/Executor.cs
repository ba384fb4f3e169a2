using AeUpdater.Planning;
using Microsoft.Extensions.Logging;

namespace AeUpdater.Operations;

/// <summary>Runs a plan's operations in order; each failure is recorded and the rest goes on.</summary>
internal static partial class Executor
{
    /// <summary>Copies are flushed in batches of at most this many files or <see cref="BatchBytes"/> bytes.</summary>
    internal const int BatchFiles = 4096;

    internal const long BatchBytes = 256L << 20;

    public static IReadOnlyList<FileOperationReport> Run(Plan plan, ExecutionSettings settings)
    {
        var reports = new List<FileOperationReport>(plan.Operations.Count);
        using var state = new OperationState();
        ForbidDestinations(plan, settings, state);
        settings.Progress?.Report(new UpdateProgress(0, plan.Operations.Count, null));
        foreach (var operations in RuleBlocks(plan.Operations))
        {
            var rule = operations.Rule;
            var movedFrom = new HashSet<string>(StringComparer.Ordinal);
            if (MoveGroups(operations, settings) is { } groups)
            {
                MoveConcurrently(operations, groups, reports, plan.Operations.Count, settings, state, movedFrom);
            }
            else
            {
                RunOneAtATime(operations, reports, plan.Operations.Count, settings, state, movedFrom);
            }

            RemoveEmptiedFolders(rule.RealFolder ?? rule.Folder, movedFrom, state.Handles, settings.Logger);
            LogFolder(settings.Logger, rule.Folder, rule.Destination, operations.Count);
        }

        if (settings.FlushToDisk && !settings.DryRun)
        {
            settings.Step("operations:flushing");
            AtomicRename.FlushDirectories(state.Touched);
            settings.Step("operations:flushed");
        }

        return reports;
    }

    /// <summary>A drop-in folder's operations on the calling thread: one at a time, or copies in flushed batches.</summary>
    private static void RunOneAtATime(RuleBlock operations, List<FileOperationReport> reports, int total, ExecutionSettings settings, OperationState state, HashSet<string> movedFrom)
    {
        var lastMovedFrom = "";
        var batched = settings.FlushToDisk && !settings.DryRun && operations.Rule.Kind is DropInKind.Copies or DropInKind.OverCopies;
        for (var start = 0; start < operations.Count;)
        {
            state.Handles.TrimIfLarge();
            if (!batched)
            {
                // One at a time (moves, copies without flushes): no batch list or result array per file.
                var op = operations[start++];
                var result = FileOperator.Apply(op, reports.Count, settings, state);
                Finish(result, reports, total, 0, settings);
                NoteMoved(op, result, movedFrom, ref lastMovedFrom);
                continue;
            }

            var count = BatchSize(operations, start);
            var batch = new List<PlannedOperation>(count);
            for (var i = 0; i < count; i++)
            {
                batch.Add(operations[start + i]);
            }

            var results = CopyBatch(batch, reports.Count, settings, state, total);
            for (var i = 0; i < batch.Count; i++)
            {
                Finish(results[i], reports, total, batch.Count - i - 1, settings);
            }

            start += count;
        }
    }

    /// <summary>One drop-in folder's operations: <see cref="Count"/> consecutive operations of a list, from <see cref="Start"/>.</summary>
    /// <remarks>A class (one per drop-in folder): a <c>List</c> of a struct of AeUpdater's own would be JIT-compiled in every run with work.</remarks>
    internal sealed record RuleBlock(Rules.DropInRule Rule, IReadOnlyList<PlannedOperation> List, int Start, int Count)
    {
        public PlannedOperation this[int index] => (uint)index < (uint)Count
            ? List[Start + index]
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"the block holds {Count} operations");
    }

    /// <summary>
    /// The operations grouped by rule, each group in the plan's order and the groups in the order of their first operation
    /// (what <c>GroupBy(o =&gt; o.Rule)</c> gives). The planner lists a rule's operations together, so a group is a block of
    /// the plan read in place (no list of it, no copy); only a plan whose rules come interleaved is grouped into lists.
    /// </summary>
    internal static IEnumerable<RuleBlock> RuleBlocks(IReadOnlyList<PlannedOperation> operations)
    {
        var blocks = new List<RuleBlock>();
        var seen = new HashSet<Rules.DropInRule>();
        for (var start = 0; start < operations.Count;)
        {
            var rule = operations[start].Rule;
            var end = start + 1;
            while (end < operations.Count && rule.Equals(operations[end].Rule))
            {
                end++;
            }

            if (!seen.Add(rule))
            {
                // A rule seen before: not in blocks (never from the planner); grouped as GroupBy groups them.
                return operations.GroupBy(o => o.Rule)
                    .Select(g => g.ToList())
                    .Select(list => new RuleBlock(list[0].Rule, list, 0, list.Count))
                    .ToList();
            }

            blocks.Add(new RuleBlock(rule, operations, start, end - start));
            start = end;
        }

        return blocks;
    }

    /// <summary>
    /// Durable copies in a batch: every file to a hidden temporary file, one flush of them all, then each renamed into
    /// place in order. A crash leaves hidden temporary files only; recovery removes them.
    /// </summary>
    /// <remarks>
    /// Progress moves as each file is written (<see cref="UpdateProgress.Staged"/>): a batch holds up to
    /// <see cref="BatchFiles"/> files, and reporting only at its end left a progress bar at 0 % for the whole copy.
    /// </remarks>
    private static FileOperationReport[] CopyBatch(List<PlannedOperation> batch, int first, ExecutionSettings settings, OperationState state, int total)
    {
        var results = new FileOperationReport[batch.Count];
        var temps = new TempFile?[batch.Count];
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                settings.CancellationToken.ThrowIfCancellationRequested();
                var done = FileOperator.BeginCopy(batch[i], first + i, settings, state, out temps[i]);
                if (done is not null)
                {
                    results[i] = done;
                }

                settings.Progress?.Report(new UpdateProgress(first, total, null) { Staged = i + 1 });
            }

            var pending = temps.OfType<TempFile>().ToList();
            var flushError = pending.Count > 0 ? Flush(pending) : null;
            if (pending.Count > 0 && flushError is null)
            {
                settings.Step("copy:batch-flushed");
            }

            for (var i = 0; i < batch.Count; i++)
            {
                if (temps[i] is { } temp && flushError is null)
                {
                    results[i] = FileOperator.CompleteCopy(batch[i], temp, settings);
                    temps[i] = null;
                }
                else if (temps[i] is not null)
                {
                    // The copy is not known to be on disk: not renamed into place; its temporary file goes below.
                    results[i] = new FileOperationReport
                    {
                        Kind = batch[i].Kind,
                        Folder = batch[i].Rule.Folder,
                        Source = batch[i].Source,
                        Destination = batch[i].Destination,
                        Outcome = OperationOutcome.Failed,
                        Error = $"the copy could not be flushed to disk ({flushError}); the destination is unchanged",
                    };
                }
            }

            return results;
        }
        finally
        {
            // Only after an exception (cancellation, an injected fault): the batch's remaining temporary files go.
            foreach (var temp in temps.OfType<TempFile>())
            {
                try
                {
                    if (temp.DirectoryFd >= 0)
                    {
                        _ = Posix.UnlinkAt(temp.DirectoryFd, temp.Name);
                    }
                    else
                    {
                        File.Delete(temp.Path);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Hidden and recognisable: the next run's recovery removes it.
                }
            }
        }
    }

    /// <summary>
    /// The folders no destination may be or be inside, by identity (so that an alias through a link is the same folder):
    /// the state directory and every drop-in folder of the plan. Checked on each destination folder's handle before acting.
    /// </summary>
    private static void ForbidDestinations(Plan plan, ExecutionSettings settings, OperationState state)
    {
        if (!Posix.Supported || settings.DryRun)
        {
            return;
        }

        if (settings.StateDirectory is not null && (settings.StateDirectoryId ?? DirectoryHandles.IdentityOf(settings.StateDirectory)) is { } stateId)
        {
            state.Handles.Forbid(stateId, $"the state directory '{settings.StateDirectory}'");
        }

        foreach (var rule in plan.Rules)
        {
            if (DirectoryHandles.IdentityOf(rule.RealFolder ?? rule.Folder) is { } id)
            {
                state.Handles.Forbid(id, $"the drop-in folder '{rule.Folder}'");
            }
        }
    }

    /// <summary>
    /// Flushes a batch's temporary files: <c>syncfs</c> on the handles of their folders (Linux; a folder renamed or swapped
    /// meanwhile is still the one written to), else by path. The error, or <see langword="null"/>.
    /// </summary>
    private static string? Flush(List<TempFile> temps)
    {
        foreach (var fd in temps.Where(t => t.DirectoryFd >= 0).Select(t => t.DirectoryFd).Distinct())
        {
            if (Posix.SyncFs(fd) is var errno and not 0)
            {
                return Posix.Message(errno);
            }
        }

        try
        {
            AtomicRename.FlushFiles([.. temps.Where(t => t.DirectoryFd < 0).Select(t => t.Path)]);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    private static int BatchSize(RuleBlock operations, int start)
    {
        long bytes = 0;
        var end = start;
        while (end < operations.Count && end - start < BatchFiles && bytes < BatchBytes)
        {
            bytes += operations[end].Error is null && !operations[end].SourceIsLink ? SizeOf(operations[end].Source) : 0;
            end++;
        }

        return end - start;
    }

    private static long SizeOf(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }

    private static void Finish(FileOperationReport report, List<FileOperationReport> reports, int total, int staged, ExecutionSettings settings)
    {
        settings.OperationDone?.Invoke(reports.Count, report);
        reports.Add(report);
        Log(settings.Logger, report);
        settings.Progress?.Report(new UpdateProgress(reports.Count, total, report) { Staged = staged });
        settings.Step("operation:done");
    }

    /// <summary>Removes sub-folders of a moves folder that this run emptied; the drop-in folder itself stays.</summary>
    /// <param name="dropInFolder">The drop-in folder's real path.</param>
    /// <param name="movedFrom">The real paths of the folders files were moved from.</param>
    /// <param name="handles">The run's folder handles.</param>
    /// <param name="logger">Where a folder that could not be removed is logged.</param>
    private static void RemoveEmptiedFolders(string dropInFolder, HashSet<string> movedFrom, DirectoryHandles handles, ILogger logger)
    {
        foreach (var start in movedFrom.OrderByDescending(d => d.Length))
        {
            var dir = start;
            while (Planner.IsUnder(dir, dropInFolder) && RemoveIfEmpty(dir, handles, logger))
            {
                dir = Path.GetDirectoryName(dir)!;
            }
        }
    }

    /// <summary>
    /// Removes <paramref name="dir"/> if it is empty; <see langword="false"/> when it stays (not empty, or not removable:
    /// logged). Where the platform allows it, one <c>rmdir</c> in the parent's handle decides (the parent opened without
    /// following a link, as for the moves: a folder swapped for a link meanwhile is not followed), as the kernel sees the
    /// folder at that instant (a file put there meanwhile keeps it); elsewhere the folder is listed first.
    /// </summary>
    private static bool RemoveIfEmpty(string dir, DirectoryHandles handles, ILogger logger)
    {
        if (Posix.Supported)
        {
            var parent = handles.Open(Path.GetDirectoryName(dir)!, int.MaxValue, create: false, out _, out _, out var error);
            var errno = parent < 0 ? 0 : Posix.RemoveDirAt(parent, Path.GetFileName(dir));
            if (parent < 0 || errno is not 0 and not Posix.ENOTEMPTY and not Posix.EEXIST)
            {
                var reason = parent < 0 ? error! : Posix.Message(errno);
                LogFolderNotRemoved(logger, dir, reason);
                return false;
            }

            return errno == 0;
        }

        try
        {
            if (Directory.EnumerateFileSystemEntries(dir).Any())
            {
                return false;
            }

            Directory.Delete(dir);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogFolderNotRemoved(logger, dir, e.Message);
            return false;
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
