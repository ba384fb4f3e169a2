namespace AeUpdater.Journaling;

/// <summary>
/// Reads and fixes a state directory from outside a run (the CLI's <c>status</c> and <c>forget-plugin</c>): the same
/// checks, the same reader, the same lock and the same ledger records as <see cref="AppEnvUpdater.CheckAll(UpdaterOptions?, Microsoft.Extensions.Logging.ILogger?, CancellationToken)"/>.
/// </summary>
internal static class StateInspector
{
    /// <summary>Reads the state directory without changing anything (no lock, no compaction, nothing created).</summary>
    public static StateStatus Read(RunContext context)
    {
        var directory = context.StateDirectory;
        var max = context.Options.MaxPluginFailures;
        var problem = StateDirectory.Prepare(directory, create: false);
        if (problem is not null)
        {
            return new StateStatus(directory, Directory.Exists(directory), problem, null, [], max, []);
        }

        if (!Directory.Exists(directory))
        {
            return new StateStatus(directory, false, null, null, [], max, []);
        }

        using var journal = new FileJournal(directory, context.Options.Durability, TimeProvider.System, readOnly: true, context.Logger);
        var state = journal.Load(detailsOfEndedRun: true);
        return new StateStatus(directory, true, state.LedgerUnreadable, state.LastRun, [.. state.Plugins.Values], max, state.Problems);
    }

    /// <summary>
    /// Under the state lock, forgets the consecutive failures (lifting a quarantine) and/or the success record (a one-shot
    /// with those bytes runs again) of every ledger entry named <paramref name="plugin"/>, by rewriting the ledger
    /// atomically as <c>plugin-summary</c> records; an entry with nothing left to remember is dropped.
    /// </summary>
    /// <returns>The entries changed, or the reason nothing was done.</returns>
    public static (int Changed, string? Error) Forget(RunContext context, string plugin, bool failures, bool success)
    {
        var directory = context.StateDirectory;
        if (!Directory.Exists(directory) && !File.Exists(directory) && new FileInfo(directory).LinkTarget is null)
        {
            return (0, null); // no state directory: nothing is remembered
        }

        var problem = StateDirectory.Prepare(directory, create: true);
        if (problem is not null)
        {
            return (0, problem);
        }

        using var stateLock = StateLock.TryAcquire(directory, context.Options.LockTimeout, context.CancellationToken, out var lockError);
        if (stateLock is null)
        {
            return (0, lockError);
        }

        using var journal = new FileJournal(directory, context.Options.Durability, context.Options.TimeProvider ?? TimeProvider.System, readOnly: true, context.Logger);
        var state = journal.Load(detailsOfEndedRun: false);
        if (state.LedgerUnreadable is not null || state.LedgerTruncated)
        {
            return (0, $"{state.LedgerUnreadable ?? $"the plugin ledger in '{directory}' is larger than {FileJournal.MaxLedgerBytes} bytes"}; it was not rewritten");
        }

        var changed = 0;
        var kept = new List<PluginLedgerEntry>();
        foreach (var entry in state.Plugins.Values)
        {
            if (!string.Equals(entry.Name, plugin, StringComparison.Ordinal))
            {
                kept.Add(entry);
                continue;
            }

            var updated = entry;
            if (failures)
            {
                updated = updated with { ConsecutiveFailures = 0, Interrupted = false, LastError = null };
            }

            if (success)
            {
                updated = updated with { Succeeded = false };
            }

            if (updated != entry)
            {
                changed++;
            }

            if (updated.Succeeded || updated.ConsecutiveFailures > 0)
            {
                kept.Add(updated);
            }
        }

        if (changed > 0)
        {
            journal.Rewrite(kept);
        }

        return (changed, null);
    }
}
