using System.Diagnostics;
using System.Text.Json;
using AeUpdater;
using AeUpdater.Placeholders;

// Usage: AeUpdater.CrashHost --root DIR --home DIR [--crash-at N] [--durability Full|Fast] [--lock-timeout-ms N]
//        [--concurrent-moves-from N] (a moves folder with at least N files is moved on several threads)
//        [--rename-delay-ms N] (each move's rename takes N ms longer: a slow disk, so that every thread gets folders)
// The result's RenameThreads: on how many threads the moves' renames ran.
// Runs CheckAll with {usr} = HOME/.config and prints one JSON line: the steps seen and the report's essentials.
// With --crash-at N the process kills itself (SIGKILL, no clean-up of any kind) when step N is reached.
// Usage: AeUpdater.CrashHost --first-call ROOT APP_NAME: the first CheckAll of the process, as an app makes it
// (CheckAll(new UpdaterOptions { AppName, Root })), before anything else is used; prints "jit N" (methods the call had
// compiled), "icu loaded|not-loaded" (whether ICU, .NET's globalization library, was initialised by then) and
// "loaded NAME" per assembly the call loaded, "collator created|not-created|unknown" (whether an ICU collator was opened
// for the invariant culture's comparisons by then: .NET keeps it in CultureInfo.InvariantCulture's private _compareInfo).
if (args is ["--first-call", var firstRoot, var firstAppName])
{
    return FirstCall.Run(() => FirstCall.Call(firstRoot, firstAppName));
}

// Usage: AeUpdater.CrashHost --first-call-defaults: the same, with CheckAll() (no options: the root is this host's own
// folder, the app's name its entry assembly's).
if (args is ["--first-call-defaults"])
{
    return FirstCall.Run(FirstCall.CallWithDefaults);
}

// Usage: AeUpdater.CrashHost --bind-shared ROOT: how the load context of the one-shot plugin in ROOT binds names it
// shares with the host, in a process with no other resolving handlers; prints "NAME_CASE host|plugin|default|other".
if (args is ["--bind-shared", var bindRoot])
{
    return SharedBinding.Run(bindRoot);
}

var arguments = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "", StringComparer.Ordinal);
var crashAt = arguments.TryGetValue("crash-at", out var c) ? int.Parse(c, System.Globalization.CultureInfo.InvariantCulture) : 0;
var steps = new List<string>();
var renameThreads = new HashSet<int>();
var renameDelay = arguments.TryGetValue("rename-delay-ms", out var delay) ? int.Parse(delay, System.Globalization.CultureInfo.InvariantCulture) : 0;
var options = new UpdaterOptions
{
    Root = arguments["root"],
    Environment = new PlaceholderEnvironment { HomeDirectory = arguments["home"], Platform = PlatformIds.Linux, EntryAssemblyName = "CrashApp" },
    Durability = arguments.TryGetValue("durability", out var d) ? Enum.Parse<Durability>(d) : Durability.Full,
    LockTimeout = TimeSpan.FromMilliseconds(arguments.TryGetValue("lock-timeout-ms", out var t) ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : 60_000),
    TrustAnyPlugin = true,
    ConcurrentMovesFrom = arguments.TryGetValue("concurrent-moves-from", out var m) ? int.Parse(m, System.Globalization.CultureInfo.InvariantCulture) : 256,
    StepHook = step =>
    {
        steps.Add(step);
        if (step == "move:renamed")
        {
            renameThreads.Add(Environment.CurrentManagedThreadId);
            Thread.Sleep(renameDelay);
        }

        if (steps.Count == crashAt)
        {
            Process.GetCurrentProcess().Kill();
            Thread.Sleep(Timeout.Infinite);
        }
    },
};

var report = AppEnvUpdater.CheckAll(options);
Console.WriteLine(JsonSerializer.Serialize(new HostResult(
    steps,
    [.. report.Processed],
    [.. report.Operations.Select(o => $"{o.Outcome} {o.Destination}")],
    [.. report.Plugins.Select(p => $"{p.Name} ran={p.Ran} result={p.Result} deleted={p.Deleted} error={p.Error}")],
    report.Recovery is not null,
    report.NotRunReason,
    report.HasFailures,
    renameThreads.Count)));
return report.HasFailures ? 1 : 0;

internal static class FirstCall
{
    public static int Run(Func<UpdateReport> call)
    {
        var loaded = new List<string>();
        // FullName, not GetName(): building an AssemblyName initialises ICU, which the call itself must not need.
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => loaded.Add(e.LoadedAssembly.FullName?.Split(',')[0] ?? "?");
        var before = System.Runtime.JitInfo.GetCompiledMethodCount();
        var report = call();
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - before;
        string[] loadedByCall = [.. loaded];
        var icu = OperatingSystem.IsLinux() && File.ReadAllText("/proc/self/maps").Contains("libicuuc", StringComparison.Ordinal);
        Console.WriteLine($"jit {compiled}");
        Console.WriteLine($"icu {(icu ? "loaded" : "not-loaded")}");
        var compareInfo = typeof(System.Globalization.CultureInfo).GetField("_compareInfo", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);
        var collator = compareInfo is null ? "unknown" : compareInfo.GetValue(System.Globalization.CultureInfo.InvariantCulture) is null ? "not-created" : "created";
        Console.WriteLine($"collator {collator}");
        // Only what the call loaded: writing to the console loads assemblies of its own.
        foreach (var name in loadedByCall)
        {
            Console.WriteLine($"loaded {name}");
        }

        Console.WriteLine($"report root={report.Root} operations={report.Operations.Count} plugins={report.Plugins.Count} notrun={report.NotRunReason ?? "-"}");
        foreach (var plugin in report.Plugins)
        {
            Console.WriteLine($"plugin {plugin.Name} ran={plugin.Ran} result={plugin.Result} error={plugin.Error}");
        }

        return 0;
    }

    // CheckAll(UpdaterOptions?), the overload an app that passes no logger binds to.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static UpdateReport Call(string root, string appName) => AppEnvUpdater.CheckAll(new UpdaterOptions { AppName = appName, Root = root });

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static UpdateReport CallWithDefaults() => AppEnvUpdater.CheckAll();
}

internal sealed record HostResult(
    List<string> Steps,
    List<string> Processed,
    List<string> Operations,
    List<string> Plugins,
    bool Recovered,
    string? NotRunReason,
    bool HasFailures,
    int RenameThreads);

internal static class SharedBinding
{
    public static int Run(string root)
    {
        if (!AeUpdater.Plugins.PluginLocator.TryLocate(root, AeUpdater.Plugins.PluginKind.OneShot, out var plugin, out var error)
            || !AeUpdater.Plugins.PluginImage.TryOpen(plugin, trustAnyPlugin: true, verification: null, out var image, out error))
        {
            Console.Error.WriteLine(error ?? "no plugin");
            return 2;
        }

        using (image)
        {
            var context = new AeUpdater.Plugins.PluginLoadContext(image);
            var logging = typeof(Microsoft.Extensions.Logging.ILogger).Assembly;
            string Where(System.Reflection.Assembly assembly) =>
                ReferenceEquals(assembly, logging) ? "host"
                : ReferenceEquals(System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(assembly), context) ? "plugin"
                : "other";
            System.Reflection.AssemblyName Newer(int major)
            {
                var name = logging.GetName();
                name.Version = new Version(major, 0, 0, 0);
                return name;
            }

            Console.WriteLine($"plain {Where(context.LoadFromAssemblyName(new System.Reflection.AssemblyName(logging.GetName().Name!)))}");
            Console.WriteLine($"newer {Where(context.LoadFromAssemblyName(Newer(99)))}");

            var asked = 0;
            var redirected = Newer(98);
            System.Reflection.Assembly? Redirect(System.Runtime.Loader.AssemblyLoadContext resolving, System.Reflection.AssemblyName name)
            {
                if (name.Version != redirected.Version || !string.Equals(name.Name, redirected.Name, StringComparison.Ordinal))
                {
                    return null;
                }

                asked++;
                return logging;
            }

            System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += Redirect;
            Console.WriteLine($"redirected {Where(context.LoadFromAssemblyName(redirected))} asked={asked}");
            context.Unload();
        }

        return 0;
    }
}
