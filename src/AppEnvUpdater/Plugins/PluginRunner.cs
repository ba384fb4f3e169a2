using System.Reflection;
using System.Runtime.CompilerServices;

namespace AeUpdater.Plugins;

/// <summary>Finds, checks, loads, runs, unloads and (one-shot, on <see langword="true"/>) deletes a plugin.</summary>
internal static class PluginRunner
{
    /// <summary>Runs the plugin of <paramref name="kind"/> found in the request's root.</summary>
    /// <param name="kind">One-shot or every start.</param>
    /// <param name="request">Root, placeholders, trust, dry run, logger, cancellation.</param>
    /// <returns>
    /// What happened, or <see langword="null"/> when there is no such plugin. Never throws for plugin problems: every
    /// failure is in <see cref="PluginReport.Error"/>, and the plugin is then kept.
    /// </returns>
    /// <exception cref="OperationCanceledException">The request was cancelled before the plugin was loaded.</exception>
    public static PluginReport? Run(PluginKind kind, PluginRunRequest request) => Run(kind, request, out _);

    /// <summary>As <see cref="Run(PluginKind, PluginRunRequest)"/>, and hands out the plugin's load context so tests can prove it is collected.</summary>
    /// <param name="kind">One-shot or every start.</param>
    /// <param name="request">Root, placeholders, trust, dry run, logger, cancellation.</param>
    /// <param name="loadContext">A weak reference to the plugin's load context, or <see langword="null"/> when none was made.</param>
    /// <returns>The report, or <see langword="null"/> when there is no such plugin.</returns>
    internal static PluginReport? Run(PluginKind kind, PluginRunRequest request, out WeakReference? loadContext)
    {
        ArgumentNullException.ThrowIfNull(request);
        loadContext = null;
        var logger = request.Logger;
        var name = PluginLocator.NameOf(kind);

        if (!PluginLocator.TryLocate(request.Root, kind, out var plugin, out var locateError))
        {
            if (locateError is null)
            {
                PluginLog.NotFound(logger, name, request.Root);
                return null;
            }

            var path = PluginLocator.RootFormPath(request.Root, kind);
            PluginLog.Refused(logger, name, path, locateError);
            return new PluginReport { Name = name, Path = path, Error = locateError };
        }

        return Run(plugin, request, out loadContext);
    }

    /// <summary>Checks and runs a located plugin (the step a journal wraps).</summary>
    /// <param name="plugin">The plugin.</param>
    /// <param name="request">Trust, dry run, logger, cancellation.</param>
    /// <param name="loadContext">A weak reference to the plugin's load context, or <see langword="null"/> when none was made.</param>
    /// <returns>The report.</returns>
    internal static PluginReport Run(LocatedPlugin plugin, PluginRunRequest request, out WeakReference? loadContext)
    {
        loadContext = null;
        var logger = request.Logger;
        var report = new PluginReport { Name = plugin.Name, Path = plugin.AssemblyPath };

        if (!request.TrustAnyPlugin && !PluginTrust.IsTrusted(plugin, out var trustProblem))
        {
            var reason = $"Not trusted: {trustProblem}.";
            PluginLog.Refused(logger, plugin.Name, plugin.AssemblyPath, reason);
            return report with { Error = reason };
        }

        if (request.DryRun)
        {
            PluginLog.DryRun(logger, plugin.Name, plugin.AssemblyPath);
            return report;
        }

        request.CancellationToken.ThrowIfCancellationRequested();
        PluginLog.Running(logger, plugin.Name, plugin.AssemblyPath);
        request.Observer?.Starting(plugin);
        var outcome = LoadAndRun(plugin, request, out loadContext);
        if (outcome.Exception is not null)
        {
            PluginLog.Threw(logger, outcome.Exception, plugin.Name, plugin.AssemblyPath);
            return Ended(report with { Ran = true, Error = outcome.Error });
        }

        if (outcome.Error is not null)
        {
            PluginLog.CouldNotRun(logger, plugin.Name, plugin.AssemblyPath, outcome.Error);
            return Ended(report with { Ran = outcome.Ran, Error = outcome.Error });
        }

        var result = outcome.Result == true;
        PluginLog.Returned(logger, plugin.Name, plugin.AssemblyPath, result);
        report = Ended(report with { Ran = true, Result = result });
        if (plugin.Kind != PluginKind.OneShot)
        {
            return report;
        }

        if (!result)
        {
            PluginLog.Pending(logger, plugin.Name, plugin.AssemblyPath);
            return report;
        }

        return Delete(plugin, report, request);

        PluginReport Ended(PluginReport ended)
        {
            request.Observer?.Ended(plugin, ended);
            return ended;
        }
    }

    /// <summary>Deletes a one-shot plugin (its folder, or its dll and side files); a failure is in the returned report.</summary>
    internal static PluginReport Delete(LocatedPlugin plugin, PluginReport report, PluginRunRequest request)
    {
        try
        {
            foreach (var target in plugin.DeletionTargets())
            {
                if (plugin.IsFolderForm)
                {
                    if (Directory.Exists(target))
                    {
                        Directory.Delete(target, recursive: true);
                    }
                }
                else
                {
                    File.Delete(target);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            PluginLog.DeleteFailed(request.Logger, ex, plugin.Name, plugin.AssemblyPath);
            return report with
            {
                Error = $"Returned true but could not be deleted ({ex.GetType().FullName}: {ex.Message}); its success is recorded, so the next start deletes it without running it again.",
            };
        }

        PluginLog.Deleted(request.Logger, plugin.Name, plugin.IsFolderForm ? plugin.Directory : plugin.AssemblyPath);
        request.Observer?.Deleted(plugin);
        return report with { Deleted = true };
    }

    // Not inlined, and nothing of the plugin (assembly, types, method) escapes it but strings, a bool and the
    // plugin's exception, so that the load context can be collected once the caller has dropped the outcome.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static RunOutcome LoadAndRun(LocatedPlugin plugin, PluginRunRequest request, out WeakReference? loadContext)
    {
        loadContext = null;
        var file = plugin.AssemblyPath;
        PluginLoadContext? context = null;
        try
        {
            context = new PluginLoadContext(file);
            loadContext = new WeakReference(context, trackResurrection: true);

            Assembly assembly;
            try
            {
                assembly = context.LoadMainAssembly();
            }
            catch (BadImageFormatException ex)
            {
                return RunOutcome.NotRun($"{file} is not a .NET assembly: {ex.Message}");
            }

            if (!PluginEntryPoint.TryFind(assembly, file, out var entryPoint, out var error))
            {
                return RunOutcome.NotRun(error);
            }

            var pluginContext = new PluginContext(request.Logger, request.Placeholders, plugin.Root, plugin.Directory, request.CancellationToken);
            try
            {
                return RunOutcome.Returned(entryPoint.Invoke(pluginContext));
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                return RunOutcome.Threw(ex.InnerException, $"{entryPoint.Description} threw {ex.InnerException.GetType().FullName}: {ex.InnerException.Message}");
            }
        }
#pragma warning disable CA1031 // A plugin's failure, whatever it is, is reported and CheckAll goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return RunOutcome.NotRun($"{file} could not be loaded: {ex.GetType().FullName}: {ex.Message}");
        }
        finally
        {
            context?.Unload();
        }
    }

    private readonly record struct RunOutcome(bool Ran, bool? Result, string? Error, Exception? Exception)
    {
        public static RunOutcome NotRun(string error) => new(false, null, error, null);

        public static RunOutcome Returned(bool result) => new(true, result, null, null);

        public static RunOutcome Threw(Exception exception, string error) => new(true, null, error, exception);
    }
}
