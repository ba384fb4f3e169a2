using Microsoft.Extensions.Logging;

namespace AeUpdater.Plugins;

/// <summary>The plugin runner's log messages.</summary>
internal static partial class PluginLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Debug, Message = "No plugin {Plugin} in {Path}")]
    public static partial void NotFound(ILogger logger, string plugin, string path);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Running plugin {Plugin} at {Path}")]
    public static partial void Running(ILogger logger, string plugin, string path);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Plugin {Plugin} at {Path} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string plugin, string path, string reason);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Dry run: plugin {Plugin} at {Path} would run")]
    public static partial void DryRun(ILogger logger, string plugin, string path);

    [LoggerMessage(EventId = 404, Level = LogLevel.Information, Message = "Plugin {Plugin} at {Path} returned {Result}")]
    public static partial void Returned(ILogger logger, string plugin, string path, bool result);

    [LoggerMessage(EventId = 405, Level = LogLevel.Information, Message = "One-shot plugin {Plugin} at {Path} returned false: kept, it runs again at the next start")]
    public static partial void Pending(ILogger logger, string plugin, string path);

    [LoggerMessage(EventId = 406, Level = LogLevel.Error, Message = "Plugin {Plugin} at {Path} threw; kept")]
    public static partial void Threw(ILogger logger, Exception exception, string plugin, string path);

    [LoggerMessage(EventId = 407, Level = LogLevel.Error, Message = "Plugin {Plugin} at {Path} could not run: {Reason}")]
    public static partial void CouldNotRun(ILogger logger, string plugin, string path, string reason);

    [LoggerMessage(EventId = 408, Level = LogLevel.Information, Message = "Deleted one-shot plugin {Plugin} at {Path}")]
    public static partial void Deleted(ILogger logger, string plugin, string path);

    [LoggerMessage(EventId = 409, Level = LogLevel.Error, Message = "One-shot plugin {Plugin} at {Path} returned true but could not be deleted")]
    public static partial void DeleteFailed(ILogger logger, Exception exception, string plugin, string path);
}
