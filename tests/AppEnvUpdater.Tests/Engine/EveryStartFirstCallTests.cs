using System.Text.Json;
using AeUpdater.Journaling;
using AeUpdater.Tests.Plugins;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Engine;

/// <summary>
/// The first <c>CheckAll</c> of a process whose root holds only an every-start plugin (<c>ae_pre_app_run.dll</c>, returns
/// true) loads the plugin and what its run needs (state directory, lock, ledger, trust checks, SHA-256, a load context),
/// and nothing for the drop-in folders it does not have or for what the plugin does not use: no planner or globbing, no
/// JSON library (the ledger's records are plain), no LINQ, no OpenSSL (the identity hash is computed in managed code), no
/// configuration binder or dependency injection (shared assemblies are resolved on demand). Measured in a real child process, as an app's start is (docs/performance.md,
/// "every-start plugin").
/// </summary>
public sealed class EveryStartFirstCallTests
{
    // Debug build of the tests (JIT): before this path was cut (the planner, System.Text.Json, LINQ, the whole
    // shared-assembly closure) the Release build alone compiled 535 methods; after, this build compiles 354 (first start)
    // and 405 (later starts, which read the ledger), nearly all of them AeUpdater's own (options, placeholders, state
    // directory, lock, ledger, trust checks, the load context). The bound leaves room for runtime differences, not for
    // the planner, JSON or LINQ to come back.
    private const int MaxCompiledMethods = 440;

    private static readonly string[] NotOnTheEveryStartPath =
    [
        "System.Text.Json", "System.Text.Encodings.Web", "System.IO.Pipelines", "System.Linq",
        "Microsoft.Extensions.FileSystemGlobbing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.Configuration.Abstractions",
        "Microsoft.Extensions.Configuration.Binder", "Microsoft.Extensions.DependencyInjection.Abstractions",
        "Microsoft.Extensions.Primitives", "System.Collections.Immutable", "System.Text.RegularExpressions",
        "System.Security.Cryptography", "System.Collections.Concurrent",
    ];

    private static (List<string> Loaded, int Compiled, string Report, string Plugin) FirstCall(string root, string home)
    {
        var host = FirstCallHost.Run(root, home, "EveryStartApp");
        return (host.Loaded, host.Compiled, "report " + host.Line("report "), "plugin " + host.Line("plugin "));
    }

    [Fact]
    public void OnlyAnEveryStartPlugin_LoadsThePluginAndNotThePlannerJsonLinqOrConfiguration()
    {
        using var tree = TempTree.Create().Folder("home").Folder("app").CopyFrom(TestPlugins.OutputOf(TestPlugins.EveryStart), "app");
        var ledger = Path.Join(tree["home"], ".config", "EveryStartApp", ".aeupdater", FileJournal.PluginsFileName);

        // The first start creates the state directory and the ledger; the second is every later start (it reads the
        // ledger the first wrote). Both are measured.
        for (var start = 1; start <= 2; start++)
        {
            var (loaded, compiled, report, plugin) = FirstCall(tree["app"], tree["home"]);

            Assert.Equal($"report root={tree["app"]} operations=0 plugins=1 notrun=-", report);
            Assert.Equal("plugin ae_pre_app_run ran=True result=True error=", plugin);
            Assert.Contains("ae_pre_app_run", loaded);
            Assert.Empty(loaded.Intersect(NotOnTheEveryStartPath));
            Assert.True(compiled <= MaxCompiledMethods, $"start {start} compiled {compiled} methods (at most {MaxCompiledMethods} expected); loaded: {string.Join(", ", loaded)}");

            // The ledger holds a start and an end record per run, valid JSON as every version reads it.
            var records = File.ReadAllLines(ledger).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(2 * start, records.Count);
            Assert.All(records, r => Assert.Equal("ae_pre_app_run", r.GetProperty("name").GetString()));
            Assert.Equal(
                Enumerable.Range(0, 2 * start).Select(i => i % 2 == 0 ? "plugin-start" : "plugin-end"),
                records.Select(r => r.GetProperty("type").GetString()));
            Assert.All(records.Where(r => r.GetProperty("type").GetString() == "plugin-end"), r => Assert.Equal("Succeeded", r.GetProperty("end").GetString()));
        }
    }
}
