using BenchmarkDotNet.Attributes;

namespace AeUpdater.Benchmarks;

/// <summary>
/// <c>CheckAll</c> copying an <c>ae_updater_copies</c> folder that a subclass lays out once; the destination is emptied
/// before each iteration, outside the measured region.
/// </summary>
[Config(typeof(HeavyConfig))]
[MemoryDiagnoser]
public abstract class CopyBenchmarkBase
{
    private Sandbox _sandbox = null!;

    protected UpdaterOptions Options { get; private set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sandbox = Sandbox.Create(Label);
        Layout(Path.Join(_sandbox.Root, "ae_updater_copies"));
        Options = _sandbox.Options();
    }

    [IterationSetup]
    public void IterationSetup() => _sandbox.ResetDestination();

    [GlobalCleanup]
    public void Cleanup() => _sandbox.Dispose();

    /// <summary>The sandbox's name.</summary>
    protected abstract string Label { get; }

    /// <summary>Writes the files to copy into <paramref name="folder"/>.</summary>
    protected abstract void Layout(string folder);
}
