using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace AeUpdater.Cli.Hosting;

/// <summary>A Serilog sink onto a <see cref="TextWriter"/>: the host's stderr when it is not the process's console (tests).</summary>
internal sealed class TextWriterSink : ILogEventSink
{
    private readonly TextWriter _writer;
    private readonly ITextFormatter _formatter;
    private readonly Lock _lock = new();

    public TextWriterSink(TextWriter writer, ITextFormatter formatter)
    {
        _writer = writer;
        _formatter = formatter;
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            _formatter.Format(logEvent, _writer);
            _writer.Flush();
        }
    }
}
