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
    // shared-assembly closure) the Release build alone compiled 535 methods; after, this build compiled 354 (first start)
    // and 405 (later starts, which read the ledger), nearly all of them AeUpdater's own (options, placeholders, state
    // directory, lock, ledger, trust checks, the load context); on 2026-11-30, 21:05 UTC, 376 and 428 (the options and
    // placeholder checks grew since); on 2026-12-01, 12:00 UTC, 400 and 439 (the engine's entry gained RunPastDecision,
    // which keeps the logger off the no-op path, Planner.IsUnder(string, string) and its two small helpers; the host's
    // call became a lambda). The bound leaves room for runtime differences, not for the planner, JSON or LINQ to
    // come back.
    private const int MaxCompiledMethods = 445;

    private static readonly string[] NotOnTheEveryStartPath =
    [
        "System.Text.Json", "System.Text.Encodings.Web", "System.IO.Pipelines", "System.Linq",
        "Microsoft.Extensions.FileSystemGlobbing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.Configuration.Abstractions",
        "Microsoft.Extensions.Configuration.Binder", "Microsoft.Extensions.DependencyInjection.Abstractions",
        "Microsoft.Extensions.Primitives", "System.Collections.Immutable", "System.Text.RegularExpressions",
        "System.Security.Cryptography", "System.Collections.Concurrent",
    ];

    // Generic instantiations and vectorised helpers of the framework that the path compiled at every start, even in a
    // ReadyToRun app (the framework has no precompiled code for them): the ledger reader's ArrayBufferWriter<byte>, the
    // hex forms of the identity hash and of the run id (docs/performance.md, "Every-start plugin: third round").
    private static readonly string[] NotCompiledOnTheEveryStartPath =
    [
        "System.Buffers.ArrayBufferWriter`1[byte]", "System.HexConverter:", "System.Guid:FormatGuid",
    ];

    private static (List<string> Loaded, int Compiled, string Report, string Plugin, string Collator, string[] Methods) FirstCall(string root, string home)
    {
        // The JIT's own list of what it compiled (the host's count is the same call's JitInfo count).
        var methods = Path.Join(home, "jit-methods.txt");
        File.Delete(methods);
        var host = FirstCallHost.Run(root, home, "EveryStartApp", new Dictionary<string, string>
        {
            ["DOTNET_JitDisasmSummary"] = "1",
            ["DOTNET_JitStdOutFile"] = methods,
        });
        return (host.Loaded, host.Compiled, "report " + host.Line("report "), "plugin " + host.Line("plugin "), host.Line("collator "), File.ReadAllLines(methods));
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
            var (loaded, compiled, report, plugin, collator, methods) = FirstCall(tree["app"], tree["home"]);

            Assert.Equal($"report root={tree["app"]} operations=0 plugins=1 notrun=-", report);
            Assert.Equal("plugin ae_pre_app_run ran=True result=True error=", plugin);
            Assert.Contains("ae_pre_app_run", loaded);

            // The plugin's reference to the framework is bound by the runtime's fallback to the default context, not
            // returned from the load context's Load: the runtime checks the name of an assembly Load returns with the
            // invariant culture, which opened an ICU collator (about half of what the plugin cost a fresh process).
            Assert.Equal("not-created", collator);
            Assert.Empty(loaded.Intersect(NotOnTheEveryStartPath));
            Assert.Contains(methods, m => m.Contains("EveryStart.Plugin:RunUpdater", StringComparison.Ordinal));
            Assert.DoesNotContain(methods, m => NotCompiledOnTheEveryStartPath.Any(n => m.Contains(n, StringComparison.Ordinal)));
            Console.WriteLine($"start {start}: {compiled} methods compiled");
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
