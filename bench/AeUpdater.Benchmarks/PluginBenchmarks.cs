using AeUpdater.Placeholders;
using AeUpdater.Plugins;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AeUpdater.Benchmarks;

/// <summary>
/// One-shot plugin load, run, unload: the real test plugin <c>ReturnsFalse</c> (built with this project, copied to
/// <c>TestPlugins/ReturnsFalse/</c>) loaded from memory into a collectible context, its <c>RunUpdater()</c> called
/// (it returns false, so it is kept and the next iteration loads it again), then the context unloaded.
/// </summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
public class PluginBenchmarks
{
    private Sandbox _sandbox = null!;
    private PluginRunRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sandbox = Sandbox.Create("plugin");
        var plugin = System.IO.Path.Join(AppContext.BaseDirectory, "TestPlugins", "ReturnsFalse");
        foreach (var file in Directory.EnumerateFiles(plugin))
        {
            File.Copy(file, System.IO.Path.Join(_sandbox.Root, System.IO.Path.GetFileName(file)));
        }

        var map = PlaceholderMap.Create(new PlaceholderEnvironment { HomeDirectory = _sandbox.Home, GetCurrentDirectory = () => _sandbox.Root });
        _request = new PluginRunRequest(_sandbox.Root, map, TrustAnyPlugin: true, DryRun: false, NullLogger.Instance, CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup() => _sandbox.Dispose();

    [Benchmark]
    public PluginReport? LoadRunUnload()
    {
        var report = PluginRunner.Run(PluginKind.OneShot, _request);
        return report is { Ran: true, Result: false } ? report : throw new InvalidOperationException(report?.Error ?? "no plugin found");
    }
}
