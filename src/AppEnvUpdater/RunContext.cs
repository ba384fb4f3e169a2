using AeUpdater.Placeholders;
using Microsoft.Extensions.Logging;

namespace AeUpdater;

/// <summary>What one call works with, resolved once: options, placeholder map, root, platform.</summary>
internal sealed record RunContext(
    UpdaterOptions Options,
    PlaceholderMap Placeholders,
    string Root,
    string StateDirectory,
    string Platform,
    ILogger Logger,
    CancellationToken CancellationToken)
{
    /// <summary>Validates the options and resolves them; every problem in one <see cref="UpdaterOptionsException"/>.</summary>
    public static RunContext Create(UpdaterOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        options.Validate();
        var environment = options.Environment ?? PlaceholderEnvironment.System;
        var errors = new List<string>();
        PlaceholderMap map;
        try
        {
            map = PlaceholderMap.Create(environment, options.AppName, options.Placeholders);
        }
        catch (PlaceholderException e)
        {
            throw new UpdaterOptionsException([$"{nameof(UpdaterOptions.Placeholders)}: {e.Message}"]);
        }

        var root = map.CurrentDirectory;
        if (options.Root is not null && !map.TryNormalize(options.Root, null, out root, out var rootError))
        {
            errors.Add($"{nameof(UpdaterOptions.Root)}: {rootError}");
        }
        else if (!Directory.Exists(root))
        {
            errors.Add($"{nameof(UpdaterOptions.Root)}: the folder '{root}' does not exist.");
        }

        if (!map.TryNormalize(options.DefaultDestination, root, out _, out var destinationError))
        {
            errors.Add($"{nameof(UpdaterOptions.DefaultDestination)}: {destinationError}");
        }

        if (!map.TryNormalize(options.StateDirectory, root, out var state, out var stateError))
        {
            errors.Add($"{nameof(UpdaterOptions.StateDirectory)}: {stateError}");
        }
        else if (Planning.Planner.IsInsideDropInFolder(state, root)
            || Planning.Planner.IsInsideDropInFolder(Planning.PathResolver.Resolve(state).RealPath, Planning.PathResolver.Resolve(root).RealPath))
        {
            errors.Add($"{nameof(UpdaterOptions.StateDirectory)}: '{state}' is inside a drop-in folder; the state directory must be outside them.");
        }

        if (errors.Count > 0)
        {
            throw new UpdaterOptionsException(errors);
        }

        return new RunContext(options, map, root, state, options.Platform ?? environment.Platform, logger, cancellationToken);
    }
}
