using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AeUpdater.Benchmarks;

/// <summary>Scan + plan (no execution) of one moves folder with 10,000 or 100,000 files, 100 files per sub-folder.</summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
public class PlanningBenchmarks
{
    private Sandbox _sandbox = null!;
    private UpdaterOptions _options = null!;

    [Params(10_000, 100_000)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _sandbox = Sandbox.Create("plan");
        Trees.SmallFiles(Path.Join(_sandbox.Root, "ae_updater_moves"), Files, Files / 100);
        _options = _sandbox.Options();
    }

    [GlobalCleanup]
    public void Cleanup() => _sandbox.Dispose();

    [Benchmark]
    public int ScanAndPlan()
    {
        var context = RunContext.Create(_options, NullLogger.Instance, CancellationToken.None);
        return UpdateEngine.PlanDropIns(context, UpdateEngine.AllKinds).Operations.Count;
    }
}
