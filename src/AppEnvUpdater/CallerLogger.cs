using Microsoft.Extensions.Logging;

namespace AeUpdater;

/// <summary>The logger a caller of <c>CheckAll</c> and its siblings passed, held in a class of AeUpdater's own.</summary>
/// <remarks>
/// The engine's entry point takes this holder, not an <see cref="ILogger"/>: the JIT loads the types a method's signature
/// and its calls name when it compiles the method, so an entry point that named <see cref="ILogger"/> would load
/// Microsoft.Extensions.Logging.Abstractions at every start, also for an app that passes no logger and has nothing to
/// update (docs/performance.md, "First call: sixth round"). The logger is taken out only past the "nothing to do" decision.
/// </remarks>
internal sealed class CallerLogger
{
    private CallerLogger(ILogger logger) => Logger = logger;

    /// <summary>The caller's logger.</summary>
    public ILogger Logger { get; }

    /// <summary>A holder for <paramref name="logger"/>, or <see langword="null"/> when there is none.</summary>
    /// <param name="logger">The caller's logger.</param>
    /// <returns>The holder.</returns>
    public static CallerLogger? Of(ILogger? logger) => logger is null ? null : new CallerLogger(logger);
}
