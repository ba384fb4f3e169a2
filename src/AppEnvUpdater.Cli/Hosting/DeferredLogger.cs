using Microsoft.Extensions.Logging;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace AeUpdater.Cli.Hosting;

/// <summary>
/// The <c>AeUpdater</c> logger of <c>check-all</c>, whose Serilog pipeline is built when the first event that a sink
/// would write arrives: a run that logs nothing (the usual "nothing to do") never builds it (docs/performance.md,
/// start-up). Only for a configuration whose one sink is the console sink (see <see cref="CliLogging.CreateDeferred"/>):
/// an event below <see cref="Threshold"/> would be written nowhere, so it is dropped here without building anything.
/// </summary>
internal sealed class DeferredLogger : Microsoft.Extensions.Logging.ILogger, IDisposable
{
    private readonly Func<Serilog.Core.Logger> _create;
    private Serilog.Core.Logger? _serilog;
    private SerilogLoggerFactory? _factory;
    private Microsoft.Extensions.Logging.ILogger? _logger;

    /// <param name="create">Builds the Serilog logger (the same one an eager start builds).</param>
    /// <param name="threshold">The lowest level that any sink writes.</param>
    public DeferredLogger(Func<Serilog.Core.Logger> create, LogEventLevel threshold)
    {
        _create = create;
        Threshold = threshold;
    }

    /// <summary>The lowest level that any sink writes; events below it are dropped without building the pipeline.</summary>
    public LogEventLevel Threshold { get; }

    /// <summary>Whether the Serilog pipeline has been built.</summary>
    public bool IsCreated => _logger is not null;

    /// <summary>The Serilog logger itself (built now if it was not).</summary>
    public Serilog.ILogger Serilog
    {
        get
        {
            Create();
            return _serilog!;
        }
    }

    /// <summary>A logger over an already built Serilog logger (a configuration with other sinks is built eagerly).</summary>
    public static DeferredLogger Of(Serilog.Core.Logger serilog)
    {
        var logger = new DeferredLogger(() => serilog, LogEventLevel.Verbose);
        logger.Create();
        return logger;
    }

    public bool IsEnabled(LogLevel logLevel) =>
        _logger is { } logger ? logger.IsEnabled(logLevel) : logLevel != LogLevel.None && ToSerilog(logLevel) >= Threshold;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        Create();
        _logger!.Log(logLevel, eventId, state, exception, formatter);
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        Create();
        return _logger!.BeginScope(state);
    }

    public void Dispose()
    {
        lock (_create)
        {
            _factory?.Dispose();
            _serilog?.Dispose();
        }
    }

    /// <summary>The level Serilog.Extensions.Logging maps <paramref name="level"/> to.</summary>
    internal static LogEventLevel ToSerilog(LogLevel level) => level switch
    {
        LogLevel.Trace => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Information => LogEventLevel.Information,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        _ => LogEventLevel.Fatal,
    };

    private void Create()
    {
        if (Volatile.Read(ref _logger) is not null)
        {
            return;
        }

        lock (_create)
        {
            if (_logger is null)
            {
                _serilog = _create();
                _factory = new SerilogLoggerFactory(_serilog);
                Volatile.Write(ref _logger, _factory.CreateLogger("AeUpdater"));
            }
        }
    }
}
