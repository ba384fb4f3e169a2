using AeUpdater.Operations;

namespace AeUpdater.Journaling;

/// <summary>
/// Finishes what an interrupted run left: removes its hidden temporary files and completes its moves across file systems
/// whose copy was already in place. Everything else is re-planned from what is on disk (operations are idempotent: a
/// moved file is no longer in the drop-in folder, a copied one exists at its destination).
/// </summary>
internal static class Recovery
{
    public static RecoveryReport? Run(JournalState state, IJournal journal, ExecutionSettings settings)
    {
        // A plugin run that never ended is closed as failed now (the crash-loop guard counts it the same either way), so
        // that it is reported once, not at every later start.
        var interrupted = state.Plugins.Values.Where(p => p.Interrupted).ToList();
        foreach (var plugin in interrupted)
        {
            journal.PluginEnded(plugin.Name, plugin.Hash, PluginEnd.Failed, "the run never finished (the process died)");
        }

        var interruptedPlugins = interrupted.Select(p => p.Name).ToList();
        if (state.LastRun is not { Ended: false } run)
        {
            return interruptedPlugins.Count == 0 ? null : new RecoveryReport { RunId = "", PluginsInterrupted = interruptedPlugins };
        }

        var removed = new List<string>();
        foreach (var directory in run.Intents.Select(i => Path.GetDirectoryName(i.Destination)).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory, "." + "*" + FileOperator.TempSuffix, new EnumerationOptions { AttributesToSkip = 0 }))
            {
                if (FileOperator.IsTempName(Path.GetFileName(file)))
                {
                    File.Delete(file);
                    removed.Add(file);
                    settings.Step("recovery:temp-removed");
                }
            }
        }

        var completed = new List<string>();
        foreach (var intent in run.Intents.Where(i => i.IsMove))
        {
            if (SameRegularFileContent(intent.Source, intent.Destination))
            {
                File.Delete(intent.Source);
                completed.Add(intent.Source);
                settings.Step("recovery:move-completed");
            }
        }

        return new RecoveryReport
        {
            RunId = run.Id,
            Started = run.Started,
            OperationsIntended = run.Intents.Count,
            OperationsRecorded = run.DoneCount,
            TemporaryFilesRemoved = removed,
            MovesCompleted = completed,
            PluginsInterrupted = interruptedPlugins,
        };
    }

    /// <summary>Whether both paths are regular files (not links) with the same bytes: a move whose copy is complete.</summary>
    private static bool SameRegularFileContent(string source, string destination)
    {
        var a = new FileInfo(source);
        var b = new FileInfo(destination);
        if (!a.Exists || !b.Exists || a.LinkTarget is not null || b.LinkTarget is not null || a.Length != b.Length)
        {
            return false;
        }

        const int Size = 1 << 16;
        using var x = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, Size);
        using var y = new FileStream(destination, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, Size);
        var bx = new byte[Size];
        var by = new byte[Size];
        while (true)
        {
            var nx = x.ReadAtLeast(bx, Size, throwOnEndOfStream: false);
            var ny = y.ReadAtLeast(by, Size, throwOnEndOfStream: false);
            if (nx != ny || !bx.AsSpan(0, nx).SequenceEqual(by.AsSpan(0, ny)))
            {
                return false;
            }

            if (nx < Size)
            {
                return true;
            }
        }
    }
}
