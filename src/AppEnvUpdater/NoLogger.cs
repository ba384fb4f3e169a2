using Microsoft.Extensions.Logging;

namespace AeUpdater;

/// <summary>
/// The logger of a call without one: enabled for nothing, writes nothing (what <c>NullLogger.Instance</c> does).
/// </summary>
/// <remarks>
/// AeUpdater's own rather than <c>NullLogger</c>: this one is precompiled with AeUpdater (ReadyToRun), while
/// <c>NullLogger</c>'s accessor, constructor and class constructor would be compiled by the JIT at the first call of
/// every process, which is the start of every app (docs/performance.md, "Start-up").
/// </remarks>
internal sealed class NoLogger : ILogger
{
    public static readonly NoLogger Instance = new();

    private NoLogger()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => false;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
    }
}
