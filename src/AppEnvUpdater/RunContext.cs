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
    CancellationToken CancellationToken)
{
    /// <summary>The caller's logger, or <see langword="null"/> for none.</summary>
    public CallerLogger? Caller { get; init; }

    /// <summary>Where to log: the caller's logger, or <see cref="NoLogger.Instance"/>.</summary>
    /// <remarks>
    /// Resolved when first asked for, not when the context is made: <see cref="NoLogger"/> implements
    /// <see cref="ILogger"/>, so touching it loads Microsoft.Extensions.Logging.Abstractions, which a start with nothing
    /// to do and no logger of the caller's does not otherwise need (docs/performance.md, "First call").
    /// </remarks>
    public ILogger Logger => Caller?.Logger ?? NoLogger.Instance;

    /// <summary>The root when <see cref="UpdaterOptions.Root"/> is not set: the app's base directory, without a trailing separator.</summary>
    public static string DefaultRoot => Path.TrimEndingDirectorySeparator(Path.GetFullPath(AppContext.BaseDirectory));

    /// <summary>Validates the options and resolves them; every problem in one <see cref="UpdaterOptionsException"/>.</summary>
    public static RunContext Create(UpdaterOptions options, ILogger? logger, CancellationToken cancellationToken) =>
        Create(options, CallerLogger.Of(logger), deferRealPathCheck: false, cancellationToken);

    /// <summary>Validates the options and resolves them.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">
    /// The caller's logger, in its holder: a method whose signature or body names <see cref="ILogger"/> makes the JIT load
    /// Microsoft.Extensions.Logging.Abstractions when it compiles it, which a start with nothing to do does not need
    /// (docs/performance.md, "First call: sixth round").
    /// </param>
    /// <param name="deferRealPathCheck">
    /// Leave the check of the state directory's real path against the root's drop-in folders (two <c>realpath</c> calls,
    /// a <c>readlink</c> per path component) to <see cref="CheckStateDirectoryByRealPath"/>, unless another option is
    /// invalid too (then it is made here, so that one exception names every error). <c>CheckAll</c> makes it only when
    /// it goes on past the "nothing to do" decision: a root with no folder named like a drop-in folder has no drop-in
    /// folder for the state directory to be in, whatever links its path goes through.
    /// </param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The context.</returns>
    internal static RunContext Create(UpdaterOptions options, CallerLogger? logger, bool deferRealPathCheck, CancellationToken cancellationToken)
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

        // The default root is the app's base directory (where its executable and the shipped drop-ins are), not the
        // current directory: a shortcut, a service or 'dotnet run' started elsewhere still finds the drop-ins. It is a
        // path, not a pattern: braces in it are not placeholders. A relative Root is taken from it too ('{cwd}/dist'
        // for the current directory).
        var root = DefaultRoot;
        var rootStamp = default(DirectoryStamp);
        var rootStampedAt = 0L;
        if (options.Root is not null && !map.TryNormalize(options.Root, root, out root, out var rootError))
        {
            errors.Add($"{nameof(UpdaterOptions.Root)}: {rootError}");
        }
        else if (!IsFolder(root, out rootStamp, out rootStampedAt))
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
            || ((!deferRealPathCheck || errors.Count > 0) && IsInsideDropInFolderByRealPath(state, root)))
        {
            errors.Add(StateInsideDropInFolder(state));
        }

        if (errors.Count > 0)
        {
            throw new UpdaterOptionsException(errors);
        }

        return new RunContext(options, map, root, state, options.Platform ?? environment.Platform, cancellationToken)
        {
            Caller = logger,
            RootStamp = rootStamp,
            RootStampedAtSeconds = rootStampedAt,
        };
    }

    /// <summary>The root's stamp when it was checked (<see langword="default"/> where there is none), for <see cref="Planning.NoWorkCache.MayHaveWork(string, DirectoryStamp, long)"/>.</summary>
    public DirectoryStamp RootStamp { get; init; }

    /// <summary>The time (seconds since 1970, UTC) just before <see cref="RootStamp"/> was taken.</summary>
    public long RootStampedAtSeconds { get; init; }

    /// <summary>The check <see cref="Create(UpdaterOptions, CallerLogger, bool, CancellationToken)"/> deferred: throws what it would have thrown.</summary>
    /// <exception cref="UpdaterOptionsException">The state directory's real path is inside one of the root's drop-in folders.</exception>
    public void CheckStateDirectoryByRealPath()
    {
        if (IsInsideDropInFolderByRealPath(StateDirectory, Root))
        {
            throw new UpdaterOptionsException([StateInsideDropInFolder(StateDirectory)]);
        }
    }

    private static bool IsFolder(string path, out DirectoryStamp stamp, out long stampedAtSeconds)
    {
        stampedAtSeconds = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;
        return FastUnix.TryStatDirectory(path, out stamp) ?? Directory.Exists(path);
    }

    private static bool IsInsideDropInFolderByRealPath(string state, string root) =>
        Planning.Planner.IsInsideDropInFolder(Planning.PathResolver.RealPathOf(state).RealPath, Planning.PathResolver.RealPathOf(root).RealPath);

    private static string StateInsideDropInFolder(string state) =>
        $"{nameof(UpdaterOptions.StateDirectory)}: '{state}' is inside a drop-in folder; the state directory must be outside them.";
}
