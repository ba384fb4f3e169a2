using AeUpdater.Journaling;
using AeUpdater.Operations;
using AeUpdater.Placeholders;
using AeUpdater.Planning;
using Microsoft.Extensions.Logging;

namespace AeUpdater;

/// <summary>
/// Validates the options once and builds the placeholder map once; then, under the state directory's lock: recovers an
/// interrupted run, runs the plugins, plans, journals the plan, executes it and closes the journal.
/// </summary>
internal static partial class UpdateEngine
{
    /// <summary>Every kind, in processing order.</summary>
    /// <remarks>
    /// A property over <see cref="Rules.DropInFolderNames.Kinds"/>, not a static field of this class: this class's
    /// static fields are the source-generated log message definitions, and a start with nothing to do must not build
    /// them (reading a static field here would run the class constructor, which parses every message template).
    /// </remarks>
    public static IReadOnlyList<DropInKind> AllKinds => Rules.DropInFolderNames.Kinds;

    /// <param name="options">The caller's options; <see langword="null"/> for all defaults.</param>
    /// <param name="logger">The caller's logger (<see cref="CallerLogger.Of"/>); <see langword="null"/> for none.</param>
    /// <param name="scope">The steps to run; <see langword="null"/> for all (<see cref="RunScope.All"/>, built only past the "nothing to do" decision).</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The report.</returns>
    public static UpdateReport Run(UpdaterOptions? options, CallerLogger? logger, RunScope? scope, CancellationToken cancellationToken)
    {
        // Neither the logger (NoLogger loads Microsoft.Extensions.Logging.Abstractions) nor the scope of CheckAll (every
        // kind's description) is resolved before the decision: a start with nothing to do needs neither.
        var context = RunContext.Create(options ?? new UpdaterOptions(), logger, deferRealPathCheck: true, cancellationToken);
        var opts = context.Options;

        // A cancelled call throws before anything is read or changed, in a dry run as in a real one (where the lock's
        // wait would throw).
        cancellationToken.ThrowIfCancellationRequested();
        if (!FastUnix.DirectoryExists(context.StateDirectory) && !NoWorkCache.Shared.MayHaveWork(context.Root, context.RootStamp, context.RootStampedAtSeconds))
        {
            // Nothing to apply and no state to recover: touch nothing, not even the state directory. This is the path of
            // almost every start, so it reads only the root listing and the state directory's existence; nothing below
            // (settings, journal, planner, log messages) is built or compiled for it (docs/performance.md, "First call").
            return new UpdateReport { Root = context.Root, DryRun = opts.DryRun, Platform = context.Platform };
        }

        return RunPastDecision(context, scope, cancellationToken);
    }

    /// <summary>What follows a decision that there may be work: the deferred options check, then the run under the state directory's lock.</summary>
    /// <remarks>A method of its own: <see cref="Run"/>'s code must not name <see cref="ILogger"/> (<see cref="CallerLogger"/>).</remarks>
    private static UpdateReport RunPastDecision(RunContext context, RunScope? scope, CancellationToken cancellationToken)
    {
        context.CheckStateDirectoryByRealPath();
        return RunWithState(context, scope ?? RunScope.All, context.Logger, cancellationToken);
    }

    private static UpdateReport RunWithState(RunContext context, RunScope scope, ILogger log, CancellationToken cancellationToken)
    {
        var opts = context.Options;
        var settings = new ExecutionSettings(opts.DryRun, opts.Durability == Durability.Full, log, opts.StepHook, opts.Progress, cancellationToken)
        {
            StateDirectory = context.StateDirectory,
            ConcurrentMovesFrom = opts.ConcurrentMovesFrom,
        };

        // A state directory that cannot be used (a link, a file, another user's, read-only, a full disk, a 'lock' that is
        // a folder or a link) is said at once, before anything is created or waited for.
        var stateProblem = StateDirectory.Prepare(context.StateDirectory, create: !opts.DryRun);
        if (stateProblem is not null)
        {
            return NotRun(context, stateProblem);
        }

        if (opts.DryRun)
        {
            // A dry run changes nothing: no lock, no state directory; it reads the ledger if there is one.
            using var readOnly = OpenJournal(context, readOnly: true);
            var state = Directory.Exists(context.StateDirectory) ? readOnly.Load(detailsOfEndedRun: false) : JournalState.Empty;
            return Execute(context, scope, settings, readOnly, state, recovery: null);
        }

        using var stateLock = StateLock.TryAcquire(context.StateDirectory, opts.LockTimeout, cancellationToken, out var lockError);
        if (stateLock is null)
        {
            return NotRun(context, lockError!);
        }

        using var journal = OpenJournal(context, readOnly: false);
        var loaded = journal.Load(detailsOfEndedRun: false);
        if (loaded.LedgerUnreadable is not null)
        {
            // Without its records a one-shot plugin could run twice and a crash loop would not be caught.
            return NotRun(context, $"{loaded.LedgerUnreadable}: the plugin ledger must be readable before plugins run; fix or remove it; nothing was changed");
        }

        RecoveryReport? recovery;
        try
        {
            recovery = Recovery.Run(loaded, journal, settings);
        }
        catch (JournalWriteException e)
        {
            return NotRun(context, $"the plugin ledger could not be written while recovering ({e.Message}); nothing was changed");
        }

        if (recovery is not null)
        {
            LogRecovered(log, recovery.RunId, recovery.TemporaryFilesRemoved.Count, recovery.MovesCompleted.Count, recovery.PluginsInterrupted.Count);
        }

        return Execute(context, scope, settings, journal, loaded, recovery);
    }

    private static UpdateReport Execute(RunContext context, RunScope scope, ExecutionSettings settings, IJournal journal, JournalState state, RecoveryReport? recovery)
    {
        var log = context.Logger;
        var plugins = new List<PluginReport>();
        try
        {
            RunPlugins(context, scope, settings, journal, state, plugins);
        }
        catch (JournalWriteException e)
        {
            // A plugin is not run without its start record, and the run stops before any file operation.
            var reason = $"the plugin ledger could not be written ({e.Message}); no drop-in file was changed";
            LogNotRun(log, context.Root, reason);
            return new UpdateReport { Root = context.Root, Platform = context.Platform, Plugins = plugins, Recovery = recovery, NotRunReason = reason, StateDirectory = context.StateDirectory };
        }

        context.CancellationToken.ThrowIfCancellationRequested();
        if (scope.Kinds.Count == 0 || !SourceScanner.HasDropInCandidates(context.Root))
        {
            // No folder the planner would look at (the root listing holds only plugins, or nothing that starts like a
            // drop-in folder's name): the plan is empty, so neither the planner (globbing, path resolution) nor the
            // executor is built for it; what they would report for an empty plan is reported here (docs/performance.md,
            // "every-start plugin").
            settings.Progress?.Report(new UpdateProgress(0, 0, null));
            LogSummary(log, context.Root, 0, 0, 0);
            return new UpdateReport
            {
                Root = context.Root,
                DryRun = settings.DryRun,
                Platform = context.Platform,
                Plugins = plugins,
                Recovery = recovery,
                StateDirectory = context.StateDirectory,
            };
        }

        return PlanAndExecute(context, scope, settings, journal, plugins, recovery);
    }

    /// <summary>Plans the drop-in folders, journals the plan, executes it and closes the journal.</summary>
    /// <remarks>A method of its own (LINQ, the planner, the executor): a run with plugins only never compiles it.</remarks>
    private static UpdateReport PlanAndExecute(RunContext context, RunScope scope, ExecutionSettings settings, IJournal journal, List<PluginReport> plugins, RecoveryReport? recovery)
    {
        var log = context.Logger;
        var plan = PlanDropIns(context, scope.Kinds);
        settings = settings with { StateDirectoryId = DirectoryHandles.IdentityOf(context.StateDirectory) };
        LogFolders(log, plan);

        if (!settings.DryRun && plan.Operations.Count > 0)
        {
            var intents = plan.Operations
                .Select((o, i) => new OperationIntent(i, o.IsMove, o.Overwrite, o.Source, o.Destination))
                .ToList();
            try
            {
                journal.BeginRun(settings.RunId, context.Root, intents);
            }
            catch (JournalWriteException e)
            {
                // No intent is on disk, so no file may change: the run stops here (plugins already ran and are reported).
                var reason = $"the journal could not be written ({e.Message}); no drop-in file was changed";
                LogNotRun(log, context.Root, reason);
                return new UpdateReport
                {
                    Root = context.Root,
                    Platform = context.Platform,
                    Plugins = plugins,
                    Recovery = recovery,
                    Rejected = plan.Rejected,
                    Ignored = plan.Ignored,
                    Skipped = plan.Skipped,
                    NotRunReason = reason,
                    StateDirectory = context.StateDirectory,
                };
            }

            settings.Step("journal:begun");
            settings = settings with
            {
                OperationDone = (index, report) => journal.OperationDone(index, report.Outcome),
                MoveCopied = journal.MoveCopied,
            };
        }

        var operations = Executor.Run(plan, settings);
        var processed = operations.Where(o => o.Outcome is OperationOutcome.Copied or OperationOutcome.Moved).Select(o => o.Destination).ToList();
        var failed = operations.Count(o => o.Outcome == OperationOutcome.Failed);
        if (!settings.DryRun && plan.Operations.Count > 0)
        {
            journal.EndRun(processed.Count, failed);
            settings.Step("journal:ended");
        }

        LogSummary(log, context.Root, processed.Count, failed, plan.Rejected.Count);
        return new UpdateReport
        {
            Root = context.Root,
            DryRun = settings.DryRun,
            Platform = context.Platform,
            Processed = processed,
            Operations = operations,
            Rejected = plan.Rejected,
            Ignored = plan.Ignored,
            Skipped = plan.Skipped,
            Plugins = plugins,
            Recovery = recovery,
            StateDirectory = context.StateDirectory,
        };
    }

    private static UpdateReport NotRun(RunContext context, string reason)
    {
        LogNotRun(context.Logger, context.Root, reason);
        return new UpdateReport { Root = context.Root, DryRun = context.Options.DryRun, Platform = context.Platform, NotRunReason = reason, StateDirectory = context.StateDirectory };
    }

    internal static Plan PlanDropIns(RunContext context, IReadOnlyCollection<DropInKind> kinds)
    {
        if (kinds.Count == 0)
        {
            return new Plan(context.Root, context.Platform, [], [], [], [], []);
        }

        var request = new PlanRequest(
            context.Root, context.Placeholders, context.Options.DefaultDestination, context.Platform, kinds, context.Options.Exclude,
            PathResolver.Resolve, context.StateDirectory);
        return Planner.Create(request, SourceScanner.Folders(context.Root), SourceScanner.Files);
    }

    private static IJournal OpenJournal(RunContext context, bool readOnly) =>
        context.Options.JournalFactory?.Invoke(context.StateDirectory)
            ?? new FileJournal(context.StateDirectory, context.Options.Durability, context.Options.TimeProvider ?? TimeProvider.System, readOnly, context.Logger);

    private static void LogFolders(ILogger log, Plan plan)
    {
        foreach (var folder in plan.Ignored)
        {
            LogIgnored(log, folder.Folder, folder.Reason);
        }

        foreach (var folder in plan.Rejected)
        {
            LogRejected(log, folder.Folder, folder.Reason);
        }

        foreach (var folder in plan.Skipped)
        {
            LogSkippedFolder(log, folder.Folder, folder.Reason);
        }
    }

    static partial void RunPlugins(RunContext context, RunScope scope, ExecutionSettings settings, IJournal journal, JournalState state, List<PluginReport> plugins);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored {Folder}: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string folder, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected drop-in folder {Folder}: {Reason}; nothing in it was touched")]
    private static partial void LogRejected(ILogger logger, string folder, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped drop-in folder {Folder}: {Reason}")]
    private static partial void LogSkippedFolder(ILogger logger, string folder, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "AeUpdater in {Root}: {Processed} file(s) processed, {Failed} failed, {Rejected} folder(s) rejected")]
    private static partial void LogSummary(ILogger logger, string root, int processed, int failed, int rejected);

    [LoggerMessage(Level = LogLevel.Error, Message = "AeUpdater in {Root} did nothing: {Reason}")]
    private static partial void LogNotRun(ILogger logger, string root, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovered interrupted run {RunId}: {TempFiles} temporary file(s) removed, {Moves} move(s) completed, {Plugins} plugin run(s) interrupted")]
    private static partial void LogRecovered(ILogger logger, string runId, int tempFiles, int moves, int plugins);
}
