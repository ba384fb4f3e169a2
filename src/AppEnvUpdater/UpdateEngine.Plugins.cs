using AeUpdater.Journaling;
using AeUpdater.Operations;
using AeUpdater.Plugins;

namespace AeUpdater;

/// <summary>The plugin steps of a run, wrapped by the plugin ledger: exactly-once one-shots and the crash-loop guard.</summary>
internal static partial class UpdateEngine
{
    static partial void RunPlugins(RunContext context, RunScope scope, ExecutionSettings settings, IJournal journal, JournalState state, List<PluginReport> plugins)
    {
        var kinds = new List<PluginKind>(2);
        if (scope.OneShotPlugin)
        {
            kinds.Add(PluginKind.OneShot);
        }

        if (scope.EveryStartPlugin)
        {
            kinds.Add(PluginKind.EveryStart);
        }

        // With RequireVerifiedPlugins the record is read once per call, when the first plugin is found.
        PluginVerification? verification = null;
        foreach (var kind in kinds)
        {
            var report = RunPlugin(context, kind, settings, journal, state, ref verification);
            if (report is not null)
            {
                plugins.Add(report);
            }
        }
    }

    private static PluginReport? RunPlugin(RunContext context, PluginKind kind, ExecutionSettings settings, IJournal journal, JournalState state, ref PluginVerification? verification)
    {
        if (!PluginLocator.TryLocate(context.Root, kind, out var plugin, out var locateError))
        {
            return locateError is null
                ? null
                : new PluginReport { Name = PluginLocator.NameOf(kind), Path = PluginLocator.RootFormPath(context.Root, kind), Error = locateError };
        }

        if (context.Options.RequireVerifiedPlugins)
        {
            verification ??= PluginVerification.Load(context.StateDirectory, context.Options.TrustAnyPlugin);
        }

        var request = new PluginRunRequest(context.Root, context.Placeholders, context.Options.TrustAnyPlugin, settings.DryRun, context.Logger, context.CancellationToken)
        {
            Verification = verification,
        };

        // Opened, checked and read once: the hash is of the bytes that are loaded (see PluginImage).
        if (!PluginRunner.TryOpen(plugin, request, out var image, out var refused))
        {
            return refused;
        }

        using (image)
        {
            var hash = image.Hash;
            state.Plugins.TryGetValue(hash, out var entry);
            var report = new PluginReport { Name = plugin.Name, Path = plugin.AssemblyPath };
            if (kind == PluginKind.OneShot && entry is { Succeeded: true })
            {
                // These bytes already ran and returned true; a crash or a failed deletion came before they were deleted. Delete, never rerun.
                LogAlreadySucceeded(context.Logger, plugin.Name, plugin.AssemblyPath);
                report = report with { Result = true };
                return settings.DryRun ? report : PluginRunner.Delete(plugin, report, request with { Observer = new LedgerObserver(journal, hash, settings, durableStart: true) });
            }

            if (entry is not null && entry.ConsecutiveFailures >= context.Options.MaxPluginFailures)
            {
                var reason = $"Quarantined: these plugin files failed or were interrupted {entry.ConsecutiveFailures} times in a row " +
                    $"(last: {entry.LastError}); they are kept and not run until they change.";
                LogQuarantined(context.Logger, plugin.Name, plugin.AssemblyPath, entry.ConsecutiveFailures);
                return report with { Quarantined = true, Error = reason };
            }

            // A one-shot's start record is flushed before it runs; an every-start plugin's is written, and flushed with its
            // end record (docs/guarantees.md, "Durability").
            var observer = settings.DryRun ? null : new LedgerObserver(journal, hash, settings, durableStart: kind == PluginKind.OneShot);
            return PluginRunner.Run(image, request with { Observer = observer }, out _);
        }
    }

    /// <summary>
    /// Writes the ledger around a plugin run: start before (durable when <paramref name="durableStart"/>), end (durable)
    /// right after, then deletion.
    /// </summary>
    private sealed class LedgerObserver(IJournal journal, string hash, ExecutionSettings settings, bool durableStart) : IPluginRunObserver
    {
        public void Starting(LocatedPlugin plugin)
        {
            journal.PluginStarted(plugin.Name, hash, durableStart);
            settings.Step("plugin:start-recorded");
        }

        public void Ended(LocatedPlugin plugin, PluginReport report)
        {
            var end = report.Error is not null ? PluginEnd.Failed : report.Result == true ? PluginEnd.Succeeded : PluginEnd.ReturnedFalse;
            journal.PluginEnded(plugin.Name, hash, end, report.Error);
            settings.Step("plugin:end-recorded");
        }

        public void Deleted(LocatedPlugin plugin)
        {
            journal.PluginDeleted(plugin.Name, hash);
            settings.Step("plugin:deleted");
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Plugin {Plugin} at {Path} already ran and returned true; deleting it without running it again")]
    private static partial void LogAlreadySucceeded(Microsoft.Extensions.Logging.ILogger logger, string plugin, string path);

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "Plugin {Plugin} at {Path} is quarantined after {Failures} consecutive failures; not run")]
    private static partial void LogQuarantined(Microsoft.Extensions.Logging.ILogger logger, string plugin, string path, int failures);
}
