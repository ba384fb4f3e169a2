using AeUpdater.Operations;
using Microsoft.Extensions.Logging;

namespace AeUpdater.Journaling;

/// <summary>
/// Finishes what an interrupted run left, removing only what it can prove this engine created or moved: the interrupted
/// run's own temporary files (their names carry its run id and the operation's index) and the sources of its moves across
/// file systems whose copy the journal recorded and which is still at the destination. Everything else is left and
/// reported in <see cref="RecoveryReport.Skipped"/>. Everything else is re-planned from what is on disk (operations are idempotent: a
/// moved file is no longer in the drop-in folder, a copied one exists at its destination).
/// </summary>
internal static partial class Recovery
{
    public static RecoveryReport? Run(JournalState state, IJournal journal, ExecutionSettings settings)
    {
        // A plugin run that never ended is closed as failed now (the crash-loop guard counts it the same either way), so
        // that it is reported once, not at every later start.
        // Loops, not LINQ: every start with a plugin comes here, and LINQ would be loaded and compiled for this alone.
        var interrupted = new List<PluginLedgerEntry>();
        foreach (var plugin in state.Plugins.Values)
        {
            if (plugin.Interrupted)
            {
                interrupted.Add(plugin);
            }
        }

        var interruptedPlugins = new List<string>(interrupted.Count);
        foreach (var plugin in interrupted)
        {
            journal.PluginEnded(plugin.Name, plugin.Hash, PluginEnd.Failed, "the run never finished (the process died)");
            interruptedPlugins.Add(plugin.Name);
        }

        return state.LastRun is not { Ended: false } run
            ? interruptedPlugins.Count == 0 ? null : new RecoveryReport { RunId = "", PluginsInterrupted = interruptedPlugins }
            : RecoverRun(run, interruptedPlugins, settings);
    }

    /// <summary>Recovers the interrupted run's file operations (in a method of its own, compiled only when there is one).</summary>
    private static RecoveryReport RecoverRun(JournalRun run, List<string> interruptedPlugins, ExecutionSettings settings)
    {
        var removed = new List<string>();
        var skipped = new List<RecoverySkip>();
        foreach (var intent in run.Intents)
        {
            RemoveOwnTemp(run.Id, intent, removed, skipped, settings);
        }

        var completed = new List<string>();
        foreach (var intent in run.Intents.Where(i => i.IsMove))
        {
            CompleteMove(intent, run.Copies is { } copies && copies.TryGetValue(intent.Index, out var copy) ? copy : null, completed, skipped, settings);
        }

        foreach (var skip in skipped)
        {
            LogSkipped(settings.Logger, skip.Path, skip.Reason);
        }

        return new RecoveryReport
        {
            RunId = run.Id,
            Started = run.Started,
            OperationsIntended = run.Intents.Count,
            OperationsRecorded = run.DoneCount,
            TemporaryFilesRemoved = removed,
            MovesCompleted = completed,
            Skipped = skipped,
            PluginsInterrupted = interruptedPlugins,
        };
    }

    /// <summary>
    /// Removes the one temporary file operation <paramref name="intent"/> of run <paramref name="runId"/> can have left:
    /// its exact name (the run id and the index are in it) in the intent's destination folder, and only a regular file.
    /// </summary>
    private static void RemoveOwnTemp(string runId, OperationIntent intent, List<string> removed, List<RecoverySkip> skipped, ExecutionSettings settings)
    {
        var folder = Path.GetDirectoryName(intent.Destination);
        var name = TempNames.For(Path.GetFileName(intent.Destination), runId, intent.Index);
        if (folder is null || name is null || !Path.IsPathFullyQualified(folder))
        {
            return;
        }

        var path = Path.Join(folder, name);
        if (!Posix.Supported)
        {
            var info = new FileInfo(path);
            if (info.Exists && info.LinkTarget is null)
            {
                TryRemove(() => info.Delete(), path, removed, skipped, settings);
            }

            return;
        }

        var fd = Posix.OpenAt(Posix.AtFdCwd, folder, Posix.ORdOnly | Posix.ODirectory);
        if (fd < 0)
        {
            return; // the folder is gone (or was never created): nothing of this run is in it
        }

        try
        {
            var errno = Posix.StatAt(fd, name, out var what);
            if (errno == Posix.ENOENT)
            {
                return;
            }

            if (errno != 0 || !what.IsRegular)
            {
                skipped.Add(new RecoverySkip
                {
                    Path = path,
                    Reason = errno != 0 ? $"it cannot be examined: {Posix.Message(errno)}" : $"it is {what.Describe()}, not a temporary file this engine wrote",
                });
                return;
            }

            errno = Posix.UnlinkAt(fd, name);
            if (errno is not 0 and not Posix.ENOENT)
            {
                skipped.Add(new RecoverySkip { Path = path, Reason = $"it could not be removed: {Posix.Message(errno)}" });
                return;
            }

            removed.Add(path);
            settings.Step("recovery:temp-removed");
        }
        finally
        {
            _ = Posix.Close(fd);
        }
    }

    private static void TryRemove(Action remove, string path, List<string> removed, List<RecoverySkip> skipped, ExecutionSettings settings)
    {
        try
        {
            remove();
            removed.Add(path);
            settings.Step("recovery:temp-removed");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            skipped.Add(new RecoverySkip { Path = path, Reason = $"it could not be removed: {e.Message}" });
        }
    }

    /// <summary>
    /// Completes a move across file systems by deleting its source, only with proof that this engine moved it: a
    /// <c>copied</c> record for it, the destination still that very file (device and inode) and on another device than
    /// the source, and the source a regular file of the same size and modification time. Anything else is left alone;
    /// it is reported when it looks like an unfinished move (both files there, same size).
    /// </summary>
    private static void CompleteMove(OperationIntent intent, FileId? copy, List<string> completed, List<RecoverySkip> skipped, ExecutionSettings settings)
    {
        if (!Posix.Supported)
        {
            if (File.Exists(intent.Source) && File.Exists(intent.Destination))
            {
                skipped.Add(new RecoverySkip { Path = intent.Source, Reason = "moves across file systems are completed only where file identities can be read (Linux); the source is kept and applied again" });
            }

            return;
        }

        var sourceErrno = Posix.StatAt(Posix.AtFdCwd, intent.Source, out var source);
        var destinationErrno = Posix.StatAt(Posix.AtFdCwd, intent.Destination, out var destination);
        if (sourceErrno == Posix.ENOENT || destinationErrno == Posix.ENOENT)
        {
            return; // the move finished, or never got as far as the destination: the re-plan does the rest
        }

        string? reason = null;
        if (sourceErrno != 0)
        {
            reason = $"the source cannot be examined: {Posix.Message(sourceErrno)}";
        }
        else if (destinationErrno != 0)
        {
            reason = $"the destination cannot be examined: {Posix.Message(destinationErrno)}";
        }
        else if (copy is null)
        {
            if (!(source.IsRegular && destination.IsRegular && source.Size == destination.Size))
            {
                return; // nothing that looks like this engine's unfinished move
            }

            reason = "the journal has no record that this engine copied it (identical content is no proof of a move); the source is kept";
        }
        else if (!source.IsRegular)
        {
            reason = $"the source is {source.Describe()}, not the file that was moved";
        }
        else if (!destination.IsRegular || destination.Id != copy.Value)
        {
            reason = "the destination is no longer the copy this engine wrote (another device or inode); the source is kept";
        }
        else if (source.Id.Device == destination.Id.Device)
        {
            reason = "source and destination are on the same device, so this was not a move across file systems; the source is kept";
        }
        else if (source.Size != destination.Size || source.MTimeSeconds != destination.MTimeSeconds || source.MTimeNanoseconds != destination.MTimeNanoseconds)
        {
            reason = "the source differs from the copy (size or modification time): it is a new file, kept";
        }

        if (reason is null)
        {
            var errno = Posix.UnlinkAt(Posix.AtFdCwd, intent.Source);
            if (errno is 0 or Posix.ENOENT)
            {
                completed.Add(intent.Source);
                settings.Step("recovery:move-completed");
                return;
            }

            reason = $"the source could not be deleted: {Posix.Message(errno)}";
        }

        skipped.Add(new RecoverySkip { Path = intent.Source, Reason = reason });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery left {Path} alone: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string path, string reason);
}
