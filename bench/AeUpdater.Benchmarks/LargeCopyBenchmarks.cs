using BenchmarkDotNet.Attributes;

namespace AeUpdater.Benchmarks;

/// <summary><c>CheckAll</c> copying 8 files of 128 MiB; the destination is emptied before each iteration.</summary>
[Config(typeof(HeavyConfig))]
[MemoryDiagnoser]
public class LargeCopyBenchmarks
{
    private Sandbox _sandbox = null!;
    private UpdaterOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sandbox = Sandbox.Create("large");
        Trees.LargeFiles(Path.Join(_sandbox.Root, "ae_updater_copies"), 8, 128);
        _options = _sandbox.Options();
    }

    [IterationSetup]
    public void IterationSetup() => _sandbox.ResetDestination();

    [GlobalCleanup]
    public void Cleanup() => _sandbox.Dispose();

    [Benchmark]
    [InvocationCount(1)]
    public UpdateReport Copies8x128MiB() => AppEnvUpdater.CheckAll(_options);
}
