using AeUpdater.Placeholders;
using Microsoft.Extensions.Logging;

namespace AeUpdater.Plugins;

/// <summary>What <see cref="PluginRunner.Run(PluginKind, PluginRunRequest)"/> needs from the <c>CheckAll</c> call.</summary>
/// <param name="Root">The folder the plugin is looked for in.</param>
/// <param name="Placeholders">The call's placeholder map, handed to plugins that take a <see cref="PluginContext"/>.</param>
/// <param name="TrustAnyPlugin">Skip the Unix owner and permission checks.</param>
/// <param name="DryRun">Find and check the plugin, but load and run nothing.</param>
/// <param name="Logger">Where to log.</param>
/// <param name="CancellationToken">The call's cancellation token.</param>
internal sealed record PluginRunRequest(
    string Root,
    PlaceholderMap Placeholders,
    bool TrustAnyPlugin,
    bool DryRun,
    ILogger Logger,
    CancellationToken CancellationToken)
{
    /// <summary>Told about start, end and deletion (the journal); <see langword="null"/> for none.</summary>
    public IPluginRunObserver? Observer { get; init; }

    /// <summary>
    /// With <see cref="UpdaterOptions.RequireVerifiedPlugins"/>: the record every assembly a plugin loads from its
    /// folder must match (or why there is none, and then no plugin runs); <see langword="null"/> when off.
    /// </summary>
    public PluginVerification? Verification { get; init; }
}
