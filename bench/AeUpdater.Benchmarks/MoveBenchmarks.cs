using BenchmarkDotNet.Attributes;

namespace AeUpdater.Benchmarks;

/// <summary>
/// <c>CheckAll</c> moving 10,000 small files (100 sub-folders × 100 files of 64 bytes). Moves consume their
/// sources, so the tree is re-created in <see cref="IterationSetup"/>, outside the measured region.
/// </summary>
[Config(typeof(HeavyConfig))]
[MemoryDiagnoser]
public class MoveBenchmarks
{
    private Sandbox _sandbox = null!;
    private UpdaterOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sandbox = Sandbox.Create("moves");
        _options = _sandbox.Options();
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _sandbox.ResetDestination();
        var dropIn = Path.Join(_sandbox.Root, "ae_updater_moves");
        Trees.Delete(dropIn);
        Trees.SmallFiles(dropIn, 10_000, 100);
    }

    [GlobalCleanup]
    public void Cleanup() => _sandbox.Dispose();

    [Benchmark]
    [InvocationCount(1)]
    public UpdateReport Moves10k() => AppEnvUpdater.CheckAll(_options);
}
