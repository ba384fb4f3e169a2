using System.Runtime.CompilerServices;
using BenchmarkDotNet.Running;

namespace AeUpdater.Benchmarks;

/// <summary>
/// <c>AeUpdater.Benchmarks [BenchmarkDotNet arguments]</c> runs the benchmarks; <c>AeUpdater.Benchmarks empty|check-all|plan|gen …</c>
/// runs the whole-process harness (BenchmarkDotNet is then never loaded).
/// </summary>
internal static class Program
{
    public static int Main(string[] args) =>
        args.Length > 0 && Harness.IsCommand(args[0]) ? Harness.Run(args) : RunBenchmarks(args);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunBenchmarks(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
