using Microsoft.Extensions.Logging;

namespace AeUpdater.Tests.TestSupport;

/// <summary>A logger that keeps every entry with its named properties, for asserting on structured logs.</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<LogEntry> _entries = [];

    /// <summary>The entries logged so far.</summary>
    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var properties = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        var entry = new LogEntry(logLevel, formatter(state, exception), properties.ToDictionary(p => p.Key, p => p.Value), exception?.GetType().FullName);
        lock (_entries)
        {
            _entries.Add(entry);
        }
    }
}

/// <summary>One log entry: level, rendered message, named properties (including <c>{OriginalFormat}</c>) and the exception's type.</summary>
public sealed record LogEntry(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Properties, string? ExceptionType);
