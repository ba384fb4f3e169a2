using System.Globalization;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Settings.Configuration;

namespace AeUpdater.Cli.Hosting;

/// <summary>
/// Serilog for the CLI: the <c>Serilog</c> configuration section (minimum level, extra sinks such as a rolling
/// file), plus a console sink that writes everything to standard error so that stdout stays the report.
/// </summary>
/// <remarks>
/// Set up only as far as a run needs (docs/performance.md, start-up): a section that sets nothing but the minimum level
/// (the shipped <c>appsettings.json</c>) is applied directly instead of through <c>ReadFrom.Configuration</c>, which
/// reflects over the sink assemblies; and the console sink is created when the first event reaches it, so a run that
/// logs nothing never builds it. Anything else in the section goes through <c>ReadFrom.Configuration</c> as before.
/// </remarks>
internal static class CliLogging
{
    private const string Template = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";
    private const string Section = "Serilog";

    /// <summary>The names of <see cref="LogEventLevel"/> by value (Verbose = 0 ... Fatal = 5), without <c>Enum.GetNames</c>, which is compiled at every start.</summary>
    internal static readonly string[] LevelNames = ["Verbose", "Debug", "Information", "Warning", "Error", "Fatal"];

    public static Logger Create(IConfiguration configuration, CliHost host, bool verbose)
    {
        var consoleLevel = verbose ? LogEventLevel.Verbose : LogEventLevel.Warning;
        var config = new LoggerConfiguration().MinimumLevel.Information();
        if (TryReadMinimumLevelOnly(configuration.GetSection(Section), out var level))
        {
            if (level is { } minimum)
            {
                config.MinimumLevel.Is(minimum);
            }
        }
        else
        {
            var readerOptions = new ConfigurationReaderOptions(
                typeof(ConsoleLoggerConfigurationExtensions).Assembly,
                typeof(FileLoggerConfigurationExtensions).Assembly)
            {
                FormatProvider = CultureInfo.InvariantCulture,
            };
            config.ReadFrom.Configuration(configuration, readerOptions);
        }

        if (verbose)
        {
            config.MinimumLevel.Verbose();
        }

        ILogEventSink Console() => host.IsSystemConsole
            ? new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Console(
                outputTemplate: Template,
                formatProvider: CultureInfo.InvariantCulture,
                standardErrorFromLevel: LogEventLevel.Verbose).CreateLogger()
            : new TextWriterSink(host.Stderr, new MessageTemplateTextFormatter(Template, CultureInfo.InvariantCulture));

        return config.WriteTo.Sink(new LazySink(Console), consoleLevel).CreateLogger();
    }

    /// <summary>
    /// The logger of a command that may log nothing (<c>check-all</c>): when the section sets at most the minimum level,
    /// the one sink is the console sink, and the pipeline is built on the first event that it would write; any other
    /// section is built now, so that its errors are found at the start as before.
    /// </summary>
    public static DeferredLogger CreateDeferred(IConfiguration configuration, CliHost host, bool verbose)
    {
        if (!TryReadMinimumLevelOnly(configuration.GetSection(Section), out var level))
        {
            return DeferredLogger.Of(Create(configuration, host, verbose));
        }

        var minimum = verbose ? LogEventLevel.Verbose : level ?? LogEventLevel.Information;
        var console = verbose ? LogEventLevel.Verbose : LogEventLevel.Warning;
        return new DeferredLogger(() => Create(configuration, host, verbose), minimum > console ? minimum : console);
    }

    /// <summary>
    /// Whether <paramref name="section"/> sets at most the minimum level (<c>"MinimumLevel": "Warning"</c> or
    /// <c>"MinimumLevel": { "Default": "Warning" }</c>, a level name in any case), and which.
    /// </summary>
    internal static bool TryReadMinimumLevelOnly(IConfigurationSection section, out LogEventLevel? level)
    {
        level = null;
        IConfigurationSection? minimum = null;
        foreach (var child in section.GetChildren())
        {
            if (minimum is not null || !string.Equals(child.Key, "MinimumLevel", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            minimum = child;
        }

        if (minimum is null)
        {
            return section.Value is null;
        }

        var value = minimum.Value;
        if (value is null)
        {
            foreach (var child in minimum.GetChildren())
            {
                if (value is not null || !string.Equals(child.Key, "Default", StringComparison.OrdinalIgnoreCase) || child.Value is null)
                {
                    return false;
                }

                value = child.Value;
            }
        }

        for (var i = 0; i < LevelNames.Length; i++)
        {
            if (string.Equals(value, LevelNames[i], StringComparison.OrdinalIgnoreCase))
            {
                level = (LogEventLevel)i;
                return true;
            }
        }

        return false; // no level, or not a level name: ReadFrom.Configuration reports it as before
    }

    /// <summary>A sink built when the first event reaches it.</summary>
    private sealed class LazySink(Func<ILogEventSink> create) : ILogEventSink, IDisposable
    {
        private readonly Lazy<ILogEventSink> _sink = new(create, LazyThreadSafetyMode.ExecutionAndPublication);

        public void Emit(LogEvent logEvent) => _sink.Value.Emit(logEvent);

        public void Dispose()
        {
            if (_sink.IsValueCreated && _sink.Value is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }
}
