using AeUpdater.Operations;
using AeUpdater.Planning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AeUpdater;

/// <summary>Validates the options once, builds the placeholder map once, then plans and executes.</summary>
internal static partial class UpdateEngine
{
    public static IReadOnlyList<DropInKind> AllKinds { get; } =
        [DropInKind.Copies, DropInKind.OverCopies, DropInKind.Moves, DropInKind.OverMoves];

    public static UpdateReport Run(UpdaterOptions? options, ILogger? logger, RunScope scope, CancellationToken cancellationToken)
    {
        var log = logger ?? NullLogger.Instance;
        var context = RunContext.Create(options ?? new UpdaterOptions(), log, cancellationToken);
        var opts = context.Options;

        var plugins = new List<PluginReport>();
        RunPlugins(context, scope, plugins);

        var plan = PlanDropIns(context, scope.Kinds);
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

        var settings = new ExecutionSettings(opts.DryRun, FlushToDisk: true, log, opts.StepHook, opts.Progress, cancellationToken);
        var operations = Executor.Run(plan, settings);
        var report = new UpdateReport
        {
            Root = context.Root,
            DryRun = opts.DryRun,
            Platform = context.Platform,
            Processed = [.. operations.Where(o => o.Outcome is OperationOutcome.Copied or OperationOutcome.Moved).Select(o => o.Destination)],
            Operations = operations,
            Rejected = plan.Rejected,
            Ignored = plan.Ignored,
            Skipped = plan.Skipped,
            Plugins = plugins,
        };
        var failed = operations.Count(o => o.Outcome == OperationOutcome.Failed);
        LogSummary(log, context.Root, report.Processed.Count, failed, report.Rejected.Count);
        return report;
    }

    internal static Plan PlanDropIns(RunContext context, IReadOnlyCollection<DropInKind> kinds)
    {
        if (kinds.Count == 0)
        {
            return new Plan(context.Root, context.Platform, [], [], [], [], []);
        }

        var request = new PlanRequest(context.Root, context.Placeholders, context.Options.DefaultDestination, context.Platform, kinds, context.Options.Exclude);
        return Planner.Create(request, SourceScanner.Folders(context.Root), SourceScanner.Files);
    }

    static partial void RunPlugins(RunContext context, RunScope scope, List<PluginReport> plugins);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored {Folder}: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string folder, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected drop-in folder {Folder}: {Reason}; nothing in it was touched")]
    private static partial void LogRejected(ILogger logger, string folder, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped drop-in folder {Folder}: {Reason}")]
    private static partial void LogSkippedFolder(ILogger logger, string folder, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "AeUpdater in {Root}: {Processed} file(s) processed, {Failed} failed, {Rejected} folder(s) rejected")]
    private static partial void LogSummary(ILogger logger, string root, int processed, int failed, int rejected);
}
