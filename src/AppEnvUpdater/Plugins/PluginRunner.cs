using System.Diagnostics.CodeAnalysis;
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

    /// <summary>Checks, reads and runs a located plugin.</summary>
    /// <param name="plugin">The plugin.</param>
    /// <param name="request">Trust, dry run, logger, cancellation.</param>
    /// <param name="loadContext">A weak reference to the plugin's load context, or <see langword="null"/> when none was made.</param>
    /// <returns>The report.</returns>
    internal static PluginReport Run(LocatedPlugin plugin, PluginRunRequest request, out WeakReference? loadContext)
    {
        loadContext = null;
        if (!TryOpen(plugin, request, out var image, out var refused))
        {
            return refused;
        }

        using (image)
        {
            return Run(image, request, out loadContext);
        }
    }

    /// <summary>Opens, checks and reads a located plugin (see <see cref="PluginImage"/>); a refusal is logged and returned as a report.</summary>
    /// <param name="plugin">The plugin.</param>
    /// <param name="request">Trust and logger.</param>
    /// <param name="image">The checked bytes, which the caller disposes.</param>
    /// <param name="refused">The report of a refusal.</param>
    /// <returns>Whether the plugin may run.</returns>
    internal static bool TryOpen(LocatedPlugin plugin, PluginRunRequest request, [NotNullWhen(true)] out PluginImage? image, [NotNullWhen(false)] out PluginReport? refused)
    {
        refused = null;
        if (PluginImage.TryOpen(plugin, request.TrustAnyPlugin, request.Verification, out image, out var problem))
        {
            return true;
        }

        PluginLog.Refused(request.Logger, plugin.Name, plugin.AssemblyPath, problem);
        refused = new PluginReport { Name = plugin.Name, Path = plugin.AssemblyPath, Error = problem };
        return false;
    }

    /// <summary>Runs a checked plugin from its bytes (the step a journal wraps).</summary>
    /// <param name="image">The plugin's checked bytes; the caller disposes it.</param>
    /// <param name="request">Dry run, logger, cancellation, observer.</param>
    /// <param name="loadContext">A weak reference to the plugin's load context, or <see langword="null"/> when none was made.</param>
    /// <returns>The report.</returns>
    internal static PluginReport Run(PluginImage image, PluginRunRequest request, out WeakReference? loadContext)
    {
        loadContext = null;
        var plugin = image.Plugin;
        var logger = request.Logger;
        var report = new PluginReport { Name = plugin.Name, Path = plugin.AssemblyPath };

        if (request.DryRun)
        {
            PluginLog.DryRun(logger, plugin.Name, plugin.AssemblyPath);
            return report;
        }

        request.CancellationToken.ThrowIfCancellationRequested();
        PluginLog.Running(logger, plugin.Name, plugin.AssemblyPath);
        request.Observer?.Starting(plugin);
        var outcome = LoadAndRun(image, request, out loadContext);
        if (image.Refusals is { Count: > 0 } refusals)
        {
            // A dependency was refused: whatever the plugin made of the missing assembly, the run failed.
            var error = $"{string.Join("; ", refusals)}." + (outcome.Error is null ? "" : $" ({outcome.Error})");
            PluginLog.CouldNotRun(logger, plugin.Name, plugin.AssemblyPath, error);
            return Ended(report with { Ran = outcome.Ran, Error = error });
        }

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

    /// <summary>
    /// Deletes a one-shot plugin: its main assembly first, then its side files or its folder. When the main assembly
    /// cannot be deleted nothing else is touched, so the ledger's hash of what is left is the hash that succeeded; once
    /// it is gone the plugin is no longer found, whatever else could not be deleted. A failure is in the returned report.
    /// </summary>
    /// <param name="plugin">The plugin.</param>
    /// <param name="report">The report so far.</param>
    /// <param name="request">Logger and observer.</param>
    /// <returns>The report with <see cref="PluginReport.Deleted"/> or the reason.</returns>
    internal static PluginReport Delete(LocatedPlugin plugin, PluginReport report, PluginRunRequest request)
    {
        try
        {
            File.Delete(plugin.AssemblyPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            PluginLog.DeleteFailed(request.Logger, ex, plugin.Name, plugin.AssemblyPath);
            return report with
            {
                Error = $"Returned true but {plugin.AssemblyPath} could not be deleted ({ex.GetType().FullName}: {ex.Message}); nothing of the plugin was deleted and its success is recorded, so the next start deletes it without running it again.",
            };
        }

        var left = new List<string>();
        foreach (var target in plugin.DeletionTargets().Skip(1))
        {
            try
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
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                PluginLog.DeleteFailed(request.Logger, ex, plugin.Name, target);
                left.Add($"{target} ({ex.GetType().FullName}: {ex.Message})");
            }
        }

        request.Observer?.Deleted(plugin);
        if (left.Count > 0)
        {
            return report with
            {
                Error = $"Returned true and {plugin.AssemblyPath} was deleted (it never runs again), but not all of its files: {string.Join("; ", left)}.",
            };
        }

        PluginLog.Deleted(request.Logger, plugin.Name, plugin.IsFolderForm ? plugin.Directory : plugin.AssemblyPath);
        return report with { Deleted = true };
    }

    // Not inlined, and nothing of the plugin (assembly, types, method) escapes it but strings, a bool and the
    // plugin's exception, so that the load context can be collected once the caller has dropped the outcome.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static RunOutcome LoadAndRun(PluginImage image, PluginRunRequest request, out WeakReference? loadContext)
    {
        loadContext = null;
        var plugin = image.Plugin;
        var file = plugin.AssemblyPath;
        PluginLoadContext? context = null;
        try
        {
            context = new PluginLoadContext(image);
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
