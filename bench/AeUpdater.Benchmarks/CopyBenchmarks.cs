using BenchmarkDotNet.Attributes;

namespace AeUpdater.Benchmarks;

/// <summary><c>CheckAll</c> copying 10,000 small files.</summary>
public class CopyBenchmarks : CopyBenchmarkBase
{
    protected override string Label => "copies";

    [Benchmark]
    [InvocationCount(1)]
    public UpdateReport Copies10k() => AppEnvUpdater.CheckAll(Options);

    protected override void Layout(string folder) => Trees.SmallFiles(folder, 10_000, 100);
}
