using AeUpdater.Planning;
using BenchmarkDotNet.Attributes;

namespace AeUpdater.Benchmarks;

/// <summary>
/// <c>CheckAll</c> warm, in-process, over a root with 50 unrelated folders and 50 unrelated files and no drop-ins; and,
/// as the baseline of the same run, the listing of that root alone (what a call that cannot reuse the last answer
/// adds: a new process's first call, a root changed within the last 2 s, a file system whose folder times are not trusted).
/// </summary>
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

        // An app's root was written when it was installed, not within the last seconds: wait until this one is as old as
        // NoWorkCache asks before it reuses an answer (docs/guarantees.md, "The state directory").
        Thread.Sleep(TimeSpan.FromSeconds(NoWorkCache.TrustedAgeSeconds + 1));
    }

    [GlobalCleanup]
    public void Cleanup() => _sandbox.Dispose();

    [Benchmark]
    public UpdateReport NoOpCheckAll() => AppEnvUpdater.CheckAll(_options);

    /// <summary>The root listing of the "nothing to do" decision alone (the C library's readdir and the name test).</summary>
    [Benchmark(Baseline = true)]
    public bool RootListing() => SourceScanner.MayHaveWork(_sandbox.Root);
}
