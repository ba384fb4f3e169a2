using BenchmarkDotNet.Attributes;

namespace AeUpdater.Benchmarks;

/// <summary><c>CheckAll</c> copying 8 files of 128 MiB.</summary>
public class LargeCopyBenchmarks : CopyBenchmarkBase
{
    protected override string Label => "large";

    [Benchmark]
    [InvocationCount(1)]
    public UpdateReport Copies8x128MiB() => AppEnvUpdater.CheckAll(Options);

    protected override void Layout(string folder) => Trees.LargeFiles(folder, 8, 128);
}
