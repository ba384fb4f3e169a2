using BenchmarkDotNet.Attributes;

namespace AeUpdater.Benchmarks;

/// <summary><c>CheckAll</c> copying 10,000 small files; the destination is emptied before each iteration.</summary>
[Config(typeof(HeavyConfig))]
[MemoryDiagnoser]
public class CopyBenchmarks
{
    private Sandbox _sandbox = null!;
    private UpdaterOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sandbox = Sandbox.Create("copies");
        Trees.SmallFiles(Path.Join(_sandbox.Root, "ae_updater_copies"), 10_000, 100);
        _options = _sandbox.Options();
    }

    [IterationSetup]
    public void IterationSetup() => _sandbox.ResetDestination();

    [GlobalCleanup]
    public void Cleanup() => _sandbox.Dispose();

    [Benchmark]
    [InvocationCount(1)]
    public UpdateReport Copies10k() => AppEnvUpdater.CheckAll(_options);
}
