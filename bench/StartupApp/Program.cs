using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace AeUpdater.StartupApp;

/// <summary>
/// <c>StartupApp none</c> returns at once; <c>StartupApp check-all [ROOT [APP_NAME]]</c> calls
/// <c>AppEnvUpdater.CheckAll(new UpdaterOptions { AppName = "StartupApp" })</c> once (with <c>Root</c> = ROOT when given
/// and not empty, else the app's own folder, which has no drop-ins; <c>AppName</c> = APP_NAME when given, so that cases
/// have state directories of their own) and exits 0;
/// <c>StartupApp trace [ROOT]</c> does the same and prints what the call loaded and compiled (assemblies, JIT-compiled
/// method count and time, elapsed time) to stdout.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "none";
        var root = args.Length > 1 && args[1].Length > 0 ? args[1] : null;
        var appName = args.Length > 2 ? args[2] : "StartupApp";
        return mode switch
        {
            "none" => 0,
            "check-all" => CheckAll(root, appName),
            "trace" => Trace(root, appName),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: StartupApp none | check-all [ROOT [APP_NAME]] | trace [ROOT [APP_NAME]]");
        return 2;
    }

    // Not inlined: in 'none' mode Main is compiled without touching AeUpdater's types, so the assembly is never loaded.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CheckAll(string? root, string appName)
    {
        // What an app does first thing in Main; the report is not inspected (that is the app's own cost).
        _ = AppEnvUpdater.CheckAll(new UpdaterOptions { AppName = appName, Root = root });
        return 0;
    }

    private static int Trace(string? root, string appName)
    {
        var loaded = new List<string>();
        // STARTUP_TRACE_STACKS=1: also where each load came from (the stack of the code that needed the assembly).
        var stacks = Environment.GetEnvironmentVariable("STARTUP_TRACE_STACKS") == "1";
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => loaded.Add(
            (e.LoadedAssembly.GetName().Name ?? "?") + (stacks ? Environment.NewLine + Stack() : ""));
        var before = AppDomain.CurrentDomain.GetAssemblies().Length;
        var methods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        var clock = Stopwatch.StartNew();
        var exit = CheckAll(root, appName);
        var elapsed = clock.Elapsed;
        var methodsAfter = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTimeAfter = System.Runtime.JitInfo.GetCompilationTime();
        Console.WriteLine($"elapsed: {elapsed.TotalMilliseconds:F1} ms");
        Console.WriteLine($"methods compiled by the JIT: {methodsAfter - methods} ({(jitTimeAfter - jitTime).TotalMilliseconds:F1} ms of JIT)");
        Console.WriteLine($"assemblies loaded before: {before}; by the call: {loaded.Count}");
        foreach (var name in loaded)
        {
            Console.WriteLine($"  {name}");
        }

        Console.WriteLine($"ReadyToRun: {IsReadyToRun(typeof(AppEnvUpdater).Assembly)}");
        return exit;
    }

    // A method of its own: without STARTUP_TRACE_STACKS the trace must not load System.Diagnostics.StackTrace itself.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Stack() => new StackTrace(false).ToString();

    private static bool IsReadyToRun(Assembly assembly)
    {
        // A ReadyToRun image has a managed native header; the simplest outside check is the PE's CLI flags.
        using var stream = File.OpenRead(assembly.Location);
        using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }
}
