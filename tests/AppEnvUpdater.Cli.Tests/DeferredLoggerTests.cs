using AeUpdater.Cli.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AeUpdater.Cli.Tests;

/// <summary>
/// check-all builds its Serilog pipeline on the first event that a sink writes (docs/performance.md, start-up), and
/// writes exactly what the eagerly built pipeline writes.
/// </summary>
public sealed partial class DeferredLoggerTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static CliHost Host(StringWriter stderr) => CliHost.Create(TextWriter.Null, stderr, new Dictionary<string, string?>());

    [Fact]
    public void MinimumLevelOnly_EventsNoSinkWrites_BuildNothingAndWriteNothing()
    {
        using var stderr = new StringWriter();
        using var logger = CliLogging.CreateDeferred(Config(("Serilog:MinimumLevel:Default", "Information")), Host(stderr), verbose: false);

        Information(logger, "an information event");
        Debug(logger, "a debug event");

        Assert.False(logger.IsCreated);
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public void MinimumLevelOnly_Warning_BuildsThePipelineAndWritesItToStderr()
    {
        using var stderr = new StringWriter();
        using var logger = CliLogging.CreateDeferred(Config(), Host(stderr), verbose: false);

        Warning(logger, "folder x rejected");

        Assert.True(logger.IsCreated);
        Assert.Matches(@"^\[\d\d:\d\d:\d\d WRN\] folder x rejected\r?\n$", stderr.ToString());
    }

    [Fact]
    public void MinimumLevelError_Warning_IsDroppedAsTheEagerPipelineDropsIt()
    {
        using var stderr = new StringWriter();
        using var eager = new StringWriter();
        var config = Config(("Serilog:MinimumLevel", "Error"));
        using var logger = CliLogging.CreateDeferred(config, Host(stderr), verbose: false);
        using var serilog = CliLogging.Create(config, Host(eager), verbose: false);

        Warning(logger, "a warning");
        serilog.Warning("a warning");
        Error(logger, "an error");
        serilog.Error("an error");

        Assert.Equal(Serilog.Events.LogEventLevel.Error, logger.Threshold);
        Assert.Contains("ERR] an error", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("warning", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(eager.ToString().Length, stderr.ToString().Length);
    }

    [Fact]
    public void Verbose_DebugEvent_IsWritten()
    {
        using var stderr = new StringWriter();
        using var logger = CliLogging.CreateDeferred(Config(), Host(stderr), verbose: true);

        Debug(logger, "planned 3 file(s)");

        Assert.Contains("DBG] planned 3 file(s)", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LevelNames_AreSerilogsLevelsInOrder()
    {
        Assert.Equal(Enum.GetNames<Serilog.Events.LogEventLevel>(), CliLogging.LevelNames);
        Assert.Equal(Enum.GetValues<Serilog.Events.LogEventLevel>().Select(l => (int)l), Enumerable.Range(0, CliLogging.LevelNames.Length));
    }

    [Theory]
    [InlineData("warning", Serilog.Events.LogEventLevel.Warning)]
    [InlineData("FATAL", Serilog.Events.LogEventLevel.Fatal)]
    [InlineData("Verbose", Serilog.Events.LogEventLevel.Verbose)]
    public void MinimumLevelName_AnyCase_IsTheLevel(string name, Serilog.Events.LogEventLevel expected)
    {
        Assert.True(CliLogging.TryReadMinimumLevelOnly(Config(("Serilog:MinimumLevel", name)).GetSection("Serilog"), out var level));
        Assert.Equal(expected, level);
    }

    [Fact]
    public void SectionWithASink_IsBuiltAtOnce()
    {
        // Anything beyond the minimum level (here a file sink) goes through ReadFrom.Configuration at the start, as before,
        // so that its errors are found before the run.
        using var tree = TempTree.Create();
        using var stderr = new StringWriter();
        var config = Config(("Serilog:WriteTo:0:Name", "File"), ("Serilog:WriteTo:0:Args:path", tree["logs/a.log"]));

        using (var logger = CliLogging.CreateDeferred(config, Host(stderr), verbose: false))
        {
            Assert.True(logger.IsCreated);
            Information(logger, "to the file");
        }

        Assert.Contains("to the file", File.ReadAllText(tree["logs/a.log"]), StringComparison.Ordinal);
        Assert.Equal("", stderr.ToString());
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Text}")]
    private static partial void Debug(ILogger logger, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Text}")]
    private static partial void Information(ILogger logger, string text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Text}")]
    private static partial void Warning(ILogger logger, string text);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Text}")]
    private static partial void Error(ILogger logger, string text);
}
