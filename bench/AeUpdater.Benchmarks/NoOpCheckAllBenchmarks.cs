using BenchmarkDotNet.Attributes;

namespace AeUpdater.Benchmarks;

/// <summary><c>CheckAll</c> warm, in-process, over a root with 50 unrelated folders and 50 unrelated files and no drop-ins.</summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
public class NoOpCheckAllBenchmarks
{
    private Sandbox _sandbox = null!;
    private UpdaterOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sandbox = Sandbox.Create("noop");
        Trees.Clutter(_sandbox.Root, 50);
        _options = _sandbox.Options();
    }

    [GlobalCleanup]
    public void Cleanup() => _sandbox.Dispose();

    [Benchmark]
    public UpdateReport NoOpCheckAll() => AppEnvUpdater.CheckAll(_options);
}
