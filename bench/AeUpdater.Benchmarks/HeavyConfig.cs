using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AeUpdater.Benchmarks;

/// <summary>For runs that write hundreds of MiB or re-create 10,000 files per iteration: 1 warm-up, 3 iterations.</summary>
public sealed class HeavyConfig : ManualConfig
{
    public HeavyConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithId("Heavy"));
    }
}
