using Microsoft.Extensions.Logging;

namespace AeUpdater;

/// <summary>
/// The entry points. Call <see cref="CheckAll"/> first thing in <c>Main</c>, before the app loads anything an
/// update may touch.
/// </summary>
public static class AppEnvUpdater
{
    /// <summary>
    /// Runs the one-shot plugin, the every-start plugin, then applies copies, over-copies, moves and over-moves
    /// drop-in folders found in the root. Expected failures are in the report; nothing is lost.
    /// </summary>
    /// <param name="options">The options. Default: all defaults (root = current directory, destination = <c>{usr}</c>).</param>
    /// <param name="logger">Where to log. Default: nowhere.</param>
    /// <param name="cancellationToken">Stops between files; what is done stays done.</param>
    /// <returns>The report.</returns>
    /// <exception cref="UpdaterOptionsException">The options are invalid.</exception>
    public static UpdateReport CheckAll(UpdaterOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
