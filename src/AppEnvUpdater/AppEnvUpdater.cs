using Microsoft.Extensions.Logging;

namespace AeUpdater;

/// <summary>
/// The entry points. Call <see cref="CheckAll()"/> (or <see cref="CheckAll(UpdaterOptions?)"/>) first thing in <c>Main</c>, before the app loads anything an
/// update may touch.
/// </summary>
public static class AppEnvUpdater
{
    /// <summary>
    /// Runs the one-shot plugin, the every-start plugin, then applies copies, over-copies, moves and over-moves
    /// drop-in folders found in the root, with all default options and without logging. Expected failures are in the
    /// report; nothing is lost.
    /// </summary>
    /// <returns>The report.</returns>
    /// <exception cref="UpdaterOptionsException">The defaults are invalid here (for example, no home folder).</exception>
    public static UpdateReport CheckAll() => CheckAll(options: null);

    /// <summary>
    /// Runs the one-shot plugin, the every-start plugin, then applies copies, over-copies, moves and over-moves
    /// drop-in folders found in the root, without logging. Expected failures are in the report; nothing is lost.
    /// </summary>
    /// <remarks>
    /// The same as <see cref="CheckAll(UpdaterOptions?, ILogger?, CancellationToken)"/> without a logger. A call that names
    /// no logger binds to this overload, whose signature does not name <see cref="ILogger"/>: a start with nothing to do
    /// then does not load Microsoft.Extensions.Logging.Abstractions (docs/performance.md, "First call").
    /// </remarks>
    /// <param name="options">The options. Default: all defaults (root = the app's folder, destination = <c>{usr}</c>).</param>
    /// <returns>The report.</returns>
    /// <exception cref="UpdaterOptionsException">The options are invalid.</exception>
    public static UpdateReport CheckAll(UpdaterOptions? options) => UpdateEngine.Run(options, null, scope: null, CancellationToken.None);

    /// <summary>
    /// Runs the one-shot plugin, the every-start plugin, then applies copies, over-copies, moves and over-moves
    /// drop-in folders found in the root. Expected failures are in the report; nothing is lost.
    /// </summary>
    /// <param name="options">The options. Default: all defaults (root = the app's folder, destination = <c>{usr}</c>).</param>
    /// <param name="logger">Where to log. Default: nowhere.</param>
    /// <param name="cancellationToken">Stops between files; what is done stays done.</param>
    /// <returns>The report.</returns>
    /// <exception cref="UpdaterOptionsException">The options are invalid.</exception>
    public static UpdateReport CheckAll(UpdaterOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        UpdateEngine.Run(options, CallerLogger.Of(logger), scope: null, cancellationToken);

    /// <summary>Applies only the <c>ae_updater_copies</c> folders, or with <paramref name="overwrite"/> only the <c>ae_updater_over_copies</c> folders.</summary>
    /// <param name="options">The options.</param>
    /// <param name="overwrite">Whether to process the over-copies kind instead of the copies kind.</param>
    /// <param name="logger">Where to log. Default: nowhere.</param>
    /// <param name="cancellationToken">Stops between files.</param>
    /// <returns>The report.</returns>
    /// <exception cref="UpdaterOptionsException">The options are invalid.</exception>
    public static UpdateReport CheckCopies(UpdaterOptions? options = null, bool overwrite = false, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        UpdateEngine.Run(options, CallerLogger.Of(logger), RunScope.Copies(overwrite), cancellationToken);

    /// <summary>Applies only the <c>ae_updater_moves</c> folders, or with <paramref name="overwrite"/> only the <c>ae_updater_over_moves</c> folders.</summary>
    /// <param name="options">The options.</param>
    /// <param name="overwrite">Whether to process the over-moves kind instead of the moves kind.</param>
    /// <param name="logger">Where to log. Default: nowhere.</param>
    /// <param name="cancellationToken">Stops between files.</param>
    /// <returns>The report.</returns>
    /// <exception cref="UpdaterOptionsException">The options are invalid.</exception>
    public static UpdateReport CheckMoves(UpdaterOptions? options = null, bool overwrite = false, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        UpdateEngine.Run(options, CallerLogger.Of(logger), RunScope.Moves(overwrite), cancellationToken);

    /// <summary>Runs only the one-shot plugin (<c>ae_updater.dll</c>), deleting it when it returns <see langword="true"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">Where to log. Default: nowhere.</param>
    /// <param name="cancellationToken">Handed to the plugin.</param>
    /// <returns>The report; its <see cref="UpdateReport.Plugins"/> has the plugin's entry when one was found.</returns>
    /// <exception cref="UpdaterOptionsException">The options are invalid.</exception>
    public static UpdateReport CheckLocalUpdates(UpdaterOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        UpdateEngine.Run(options, CallerLogger.Of(logger), RunScope.OneShot, cancellationToken);

    /// <summary>Runs only the every-start plugin (<c>ae_pre_app_run.dll</c>).</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">Where to log. Default: nowhere.</param>
    /// <param name="cancellationToken">Handed to the plugin.</param>
    /// <returns>The report; its <see cref="UpdateReport.Plugins"/> has the plugin's entry when one was found.</returns>
    /// <exception cref="UpdaterOptionsException">The options are invalid.</exception>
    public static UpdateReport CheckLocalPreAppRuns(UpdaterOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        UpdateEngine.Run(options, CallerLogger.Of(logger), RunScope.EveryStart, cancellationToken);
}
