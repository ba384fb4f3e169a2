using System.Globalization;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Settings.Configuration;

namespace AeUpdater.Cli.Hosting;

/// <summary>
/// Serilog for the CLI: the <c>Serilog</c> configuration section (minimum level, extra sinks such as a rolling
/// file), plus a console sink that writes everything to standard error so that stdout stays the report.
/// </summary>
internal static class CliLogging
{
    private const string Template = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(IConfiguration configuration, CliHost host, bool verbose)
    {
        var consoleLevel = verbose ? LogEventLevel.Verbose : LogEventLevel.Warning;
        var readerOptions = new ConfigurationReaderOptions(
            typeof(ConsoleLoggerConfigurationExtensions).Assembly,
            typeof(FileLoggerConfigurationExtensions).Assembly)
        {
            FormatProvider = CultureInfo.InvariantCulture,
        };
        var config = new LoggerConfiguration()
            .MinimumLevel.Information()
            .ReadFrom.Configuration(configuration, readerOptions);
        if (verbose)
        {
            config.MinimumLevel.Verbose();
        }

        return host.IsSystemConsole
            ? config.WriteTo.Console(
                restrictedToMinimumLevel: consoleLevel,
                outputTemplate: Template,
                formatProvider: CultureInfo.InvariantCulture,
                standardErrorFromLevel: LogEventLevel.Verbose).CreateLogger()
            : config.WriteTo.Sink(
                new TextWriterSink(host.Stderr, new MessageTemplateTextFormatter(Template, CultureInfo.InvariantCulture)),
                consoleLevel).CreateLogger();
    }
}
