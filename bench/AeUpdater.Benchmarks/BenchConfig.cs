using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AeUpdater.Benchmarks;

/// <summary>
/// A small in-process job for a 2-core machine: 1 launch, 3 warm-ups, 5 measured iterations (no separate
/// generated project to build; the GC is the host's workstation GC).
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(5)
            .WithId("Small"));
    }
}
