using AeUpdater.Placeholders;
using Microsoft.Extensions.Logging;

namespace AeUpdater;

/// <summary>
/// What AeUpdater hands to a plugin whose entry point is <c>public static bool RunUpdater(PluginContext context)</c>.
/// Plugins that do not reference AeUpdater use the parameterless <c>RunUpdater()</c> instead.
/// </summary>
public sealed class PluginContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="logger">The logger of the <c>CheckAll</c> call.</param>
    /// <param name="placeholders">The placeholder map of the call.</param>
    /// <param name="root">The root folder the plugin was found in.</param>
    /// <param name="pluginDirectory">The folder the plugin's assembly is in.</param>
    /// <param name="cancellationToken">The call's cancellation token.</param>
    public PluginContext(ILogger logger, PlaceholderMap placeholders, string root, string pluginDirectory, CancellationToken cancellationToken)
    {
        Logger = logger;
        Placeholders = placeholders;
        Root = root;
        PluginDirectory = pluginDirectory;
        CancellationToken = cancellationToken;
    }

    /// <summary>The logger of the <c>CheckAll</c> call.</summary>
    public ILogger Logger { get; }

    /// <summary>The resolved placeholders (<c>{usr}</c>, <c>{app}</c>, ...), with <see cref="PlaceholderMap.Normalize"/>.</summary>
    public PlaceholderMap Placeholders { get; }

    /// <summary>The root folder: where the drop-in folders and plugins are.</summary>
    public string Root { get; }

    /// <summary>The folder the plugin's assembly is in.</summary>
    public string PluginDirectory { get; }

    /// <summary>Cancelled when the <c>CheckAll</c> call is.</summary>
    public CancellationToken CancellationToken { get; }
}
