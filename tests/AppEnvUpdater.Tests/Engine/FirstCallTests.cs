using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Engine;

/// <summary>
/// The first <c>CheckAll</c> of a process with nothing to do loads and compiles only what the decision needs (the root
/// listing, whether the state directory exists, the options check): no planner, journal, log message templates, LINQ,
/// JSON or globbing (docs/performance.md, "First call"). Measured in a real child process, as an app's start is.
/// </summary>
public sealed class FirstCallTests
{
    // The call compiled 187 methods before the no-op path was cut (lazy placeholder map, no log templates, no LINQ);
    // about 100 after. The bound leaves room for runtime differences, not for the planner or journal to come back.
    private const int MaxCompiledMethods = 135;

    private static readonly string[] NotOnTheNoOpPath =
    [
        "System.Linq", "System.Text.Json", "System.Text.RegularExpressions", "Microsoft.Extensions.FileSystemGlobbing",
        "Microsoft.Extensions.Configuration.Binder", "Microsoft.Extensions.Logging", "System.Collections.Concurrent",

        // CheckAll(UpdaterOptions?) names no ILogger, and the no-op path neither touches NoLogger nor searches spans
        // (MemoryExtensions is forwarded through the System.Memory facade) nor uses the Volatile class (System.Threading).
        "Microsoft.Extensions.Logging.Abstractions", "System.Memory", "System.Threading",
    ];

    private static (List<string> Loaded, int Compiled, string Report, string Icu) FirstCall(string root, string home)
    {
        var host = FirstCallHost.Run(root, home, "FirstCallApp");
        return (host.Loaded, host.Compiled, "report " + host.Line("report "), host.Line("icu "));
    }

    [Fact]
    public void NoOp_LoadsAndCompilesOnlyWhatTheDecisionNeeds()
    {
        using var tree = TempTree.Create().Folder("home").File("app/readme.txt").Folder("app/lib").File("app/app.dll");

        var (loaded, compiled, report, icu) = FirstCall(tree["app"], tree["home"]);

        Assert.Equal($"report root={tree["app"]} operations=0 plugins=0 notrun=-", report);
        if (OperatingSystem.IsLinux())
        {
            // ICU's start-up (about 10 ms) is the app's to pay if it formats or compares text by culture, not AeUpdater's.
            Assert.Equal("not-loaded", icu);
        }

        Assert.Empty(loaded.Intersect(NotOnTheNoOpPath));
        Assert.True(compiled <= MaxCompiledMethods, $"the first no-op call compiled {compiled} methods (at most {MaxCompiledMethods} expected); loaded: {string.Join(", ", loaded)}");
        Assert.False(Directory.Exists(Path.Join(tree["home"], ".config", "FirstCallApp")), "a no-op must not create the state directory");
    }

    [Fact]
    public void NoOptions_UsesTheAppsOwnFolderAndLoadsNoLoggingAssembly()
    {
        using var tree = TempTree.Create().Folder("home");

        var host = FirstCallHost.RunWithDefaults(tree["home"]);

        // CheckAll() with no options: the root is the app's base directory (the host's, which the tests share), the app's name its entry
        // assembly's; nothing there to do, so nothing is created in the home.
        Assert.Equal($"root={Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)} operations=0 plugins=0 notrun=-", host.Line("report "));
        Assert.Empty(host.Loaded.Intersect(NotOnTheNoOpPath));
        Assert.False(Directory.Exists(Path.Join(tree["home"], ".config", "AeUpdater.CrashHost")), "a no-op must not create the state directory");
    }

    [Fact]
    public void WithADropIn_TheFullPathStillRuns()
    {
        using var tree = TempTree.Create().Folder("home").File("app/ae_updater_copies/settings.json", "{}");

        var (_, _, report, _) = FirstCall(tree["app"], tree["home"]);

        Assert.Equal($"report root={tree["app"]} operations=1 plugins=0 notrun=-", report);
        Assert.True(File.Exists(Path.Join(tree["home"], ".config", "settings.json")));
    }
}
