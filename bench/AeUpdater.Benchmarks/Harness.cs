using System.Diagnostics;
using System.Globalization;
using System.IO.Enumeration;
using AeUpdater.Operations;
using AeUpdater.Placeholders;
using AeUpdater.Planning;
using Microsoft.Extensions.Logging.Abstractions;

namespace AeUpdater.Benchmarks;

/// <summary>
/// Whole-process commands for <c>bench/compare.sh</c>, strace and start-up measurements. <c>check-all</c> takes the
/// arguments of <c>ae-updater check-all</c> that the comparison uses, and stands in for the CLI until it lands.
/// </summary>
internal static class Harness
{
    public static bool IsCommand(string name) => name is "empty" or "check-all" or "plan" or "plan-split" or "stages" or "profile" or "gen";

    public static int Run(string[] args) => args[0] switch
    {
        "empty" => 0,
        "check-all" => CheckAll(args.AsSpan(1)),
        "plan" => Plan(args.AsSpan(1)),
        "plan-split" => PlanSplit(args.AsSpan(1)),
        "stages" => Stages(args.AsSpan(1)),
        "profile" => Profile(args.AsSpan(1)),
        _ => Generate(args.AsSpan(1)),
    };

    /// <summary>
    /// <c>check-all [--root DIR] [--placeholder ID=PATH]... [--home DIR] [--time] [--no-flush]</c>: one call, exit 1 on any
    /// failure. <c>--no-flush</c> is an experiment, not a product mode: plan + execute with <c>FlushToDisk: false</c> (no
    /// fsync of files or folders), to measure what the flushes cost.
    /// </summary>
    private static int CheckAll(ReadOnlySpan<string> args)
    {
        var noFlush = args.Contains("--no-flush");
        var options = ParseOptions(args, out var time);
        var stopwatch = Stopwatch.StartNew();
        int processed;
        bool failed;
        if (noFlush)
        {
            var context = RunContext.Create(options, NullLogger.Instance, CancellationToken.None);
            var plan = UpdateEngine.PlanDropIns(context, UpdateEngine.AllKinds);
            var settings = new ExecutionSettings(DryRun: false, FlushToDisk: false, NullLogger.Instance, null, null, CancellationToken.None);
            var operations = Executor.Run(plan, settings);
            processed = operations.Count(o => o.Outcome is OperationOutcome.Copied or OperationOutcome.Moved);
            failed = operations.Any(o => o.Outcome == OperationOutcome.Failed);
        }
        else
        {
            var report = AppEnvUpdater.CheckAll(options);
            processed = report.Processed.Count;
            failed = report.HasFailures;
        }

        stopwatch.Stop();
        if (time)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"check-all: {stopwatch.Elapsed.TotalMilliseconds:F3} ms, {processed} processed"));
        }

        return failed ? 1 : 0;
    }

    /// <summary>
    /// <c>stages --root DIR --placeholder usr=DIR [--home DIR]</c>: where a no-op <c>CheckAll</c> spends its time, first
    /// call (JIT included) and warm (mean of 2,000 calls): options → context (placeholder map), root listing, plan, whole call.
    /// </summary>
    private static int Stages(ReadOnlySpan<string> args)
    {
        var options = ParseOptions(args, out _);
        var stages = new (string Name, Func<object> Run)[]
        {
            ("UpdaterOptions.Validate", () =>
            {
                options.Validate();
                return options;
            }),
            ("PlaceholderMap.Create", () => PlaceholderMap.Create(options.Environment!, options.AppName, options.Placeholders)),
            ("RunContext.Create", () => RunContext.Create(options, NullLogger.Instance, CancellationToken.None)),
            ("SourceScanner.Folders", () => SourceScanner.Folders(options.Root!).ToList()),
            ("Folders, prefix first", () => CandidateFolders(options.Root!).ToList()),
            ("PlanDropIns", () => UpdateEngine.PlanDropIns(RunContext.Create(options, NullLogger.Instance, CancellationToken.None), UpdateEngine.AllKinds)),
            ("CheckAll", () => AppEnvUpdater.CheckAll(options)),
        };
        foreach (var (name, run) in stages)
        {
            var first = Stopwatch.StartNew();
            run();
            first.Stop();
            for (var i = 0; i < 500; i++)
            {
                run();
            }

            const int Warm = 2000;
            var warm = Stopwatch.StartNew();
            for (var i = 0; i < Warm; i++)
            {
                run();
            }

            warm.Stop();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-24} first {first.Elapsed.TotalMilliseconds,8:F2} ms   warm {warm.Elapsed.TotalMicroseconds / Warm,8:F1} us"));
        }

        return 0;
    }

    /// <summary>
    /// <c>profile --root DIR --placeholder usr=DIR [--home DIR] [--state-dir DIR]</c>: one real run, as the engine does it
    /// (plan, journal intents, execute with a done record per operation, end record, the CLI's JSON report), with the
    /// wall and CPU time of each stage, to see where the user-space time of a large move goes.
    /// </summary>
    private static int Profile(ReadOnlySpan<string> args)
    {
        // "--again": the run is repeated on ROOT.2 (a second copy of the tree) in the same process, JIT done.
        var again = args.Contains("--again");
        var options = ParseOptions(args, out _);
        if (again)
        {
            ProfileOnce(options);
            options.Root += ".2";
            options.StateDirectory += ".2";
            Console.Error.WriteLine("-- again, warm:");
        }

        return ProfileOnce(options);
    }

    private static int ProfileOnce(UpdaterOptions options)
    {
        using var process = Process.GetCurrentProcess();
        var lastUser = process.UserProcessorTime;
        var lastSys = process.PrivilegedProcessorTime;
        var lastWall = Stopwatch.GetTimestamp();
        var gcs = GC.CollectionCount(0);
        void Mark(string stage)
        {
            process.Refresh();
            var user = process.UserProcessorTime;
            var sys = process.PrivilegedProcessorTime;
            var now = Stopwatch.GetTimestamp();
            var g = GC.CollectionCount(0);
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{stage,-22} wall {Stopwatch.GetElapsedTime(lastWall, now).TotalMilliseconds,8:F1} ms   user {(user - lastUser).TotalMilliseconds,8:F1} ms   sys {(sys - lastSys).TotalMilliseconds,8:F1} ms   gen0 {g - gcs}"));
            lastUser = user;
            lastSys = sys;
            lastWall = now;
            gcs = g;
        }

        var context = RunContext.Create(options, NullLogger.Instance, CancellationToken.None);
        Mark("context");
        var plan = UpdateEngine.PlanDropIns(context, UpdateEngine.AllKinds);
        Mark("plan");
        Directory.CreateDirectory(context.StateDirectory);
        using var journal = new Journaling.FileJournal(context.StateDirectory, Durability.Full, TimeProvider.System, logger: NullLogger.Instance);
        var settings = new ExecutionSettings(DryRun: false, FlushToDisk: true, NullLogger.Instance, null, null, CancellationToken.None);
        journal.BeginRun(settings.RunId, context.Root, [.. plan.Operations.Select((o, i) => new Journaling.OperationIntent(i, o.IsMove, o.Overwrite, o.Source, o.Destination))]);
        Mark("journal intents");
        settings = settings with { OperationDone = (index, report) => journal.OperationDone(index, report.Outcome) };
        var operations = Executor.Run(plan, settings);
        Mark("execute");
        journal.EndRun(operations.Count, 0);
        Mark("journal end");
        var report = new UpdateReport { Root = context.Root, Platform = context.Platform, Operations = operations, Processed = [.. operations.Select(o => o.Destination)] };
        using (var stream = new MemoryStream())
        using (var json = new System.Text.Json.Utf8JsonWriter(stream))
        {
            System.Text.Json.JsonSerializer.Serialize(json, report);
        }

        Mark("json (serializer)");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"operations {operations.Count}, allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F1} MiB"));
        return 0;
    }

    /// <summary>
    /// <c>plan --root DIR --placeholder usr=DIR [--home DIR] [--read]</c>: scan + plan only (with <c>--read</c>, every operation
    /// then read and its source and destination joined, as a run does); prints time, operations, peak working set.
    /// </summary>
    private static int Plan(ReadOnlySpan<string> args)
    {
        var options = ParseOptions(args, out _);
        var stopwatch = Stopwatch.StartNew();
        var context = RunContext.Create(options, NullLogger.Instance, CancellationToken.None);
        var plan = UpdateEngine.PlanDropIns(context, UpdateEngine.AllKinds);
        if (args.Contains("--read"))
        {
            // Every operation read and its paths joined, as a run's journal intents do.
            _ = plan.Operations.Count(o => o.Source.Length + o.Destination.Length > 0);
        }

        stopwatch.Stop();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"operations={plan.Operations.Count} plan_ms={stopwatch.Elapsed.TotalMilliseconds:F1} peak_ws_mib={process.PeakWorkingSet64 / 1048576.0:F1} allocated_mib={GC.GetTotalAllocatedBytes() / 1048576.0:F1}"));
        return 0;
    }

    /// <summary>
    /// <c>plan-split ROUNDS --root DIR --placeholder usr=DIR</c>: warm, in-process, <c>ROUNDS</c> times each (after two
    /// untimed rounds): the drop-in folders' listing alone (<see cref="SourceScanner.Files"/>, entries counted, not kept),
    /// then the whole scan + plan; per stage the median wall and CPU time of a round and the collections of each
    /// generation per round. Shows whether the time of a large plan is the listing, the planner or the collector.
    /// </summary>
    private static int PlanSplit(ReadOnlySpan<string> args)
    {
        var rounds = Int(args[0]);
        var options = ParseOptions(args[1..], out _);
        var context = RunContext.Create(options, NullLogger.Instance, CancellationToken.None);
        var folders = SourceScanner.Folders(context.Root).Select(f => Path.Join(context.Root, f.Name)).ToList();
        var stages = new (string Name, Func<int> Run)[]
        {
            ("scan", () => folders.Sum(f => SourceScanner.Files(f).Count())),
            ("scan+plan", () => UpdateEngine.PlanDropIns(RunContext.Create(options, NullLogger.Instance, CancellationToken.None), UpdateEngine.AllKinds).Operations.Count),
            // What a run does next: every operation read (made from the packed plan) and its source joined, as the journal's intents do.
            ("+read", () => UpdateEngine.PlanDropIns(RunContext.Create(options, NullLogger.Instance, CancellationToken.None), UpdateEngine.AllKinds).Operations.Count(o => o.Source.Length > 0)),
        };
        foreach (var (name, run) in stages)
        {
            run();
            run();
            var wall = new List<double>();
            var cpu = new List<double>();
            var gcs = new int[3];
            var count = 0;
            for (var i = 0; i < rounds; i++)
            {
                var before = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
                var cpuBefore = Environment.CpuUsage.TotalTime;
                var stopwatch = Stopwatch.StartNew();
                count = run();
                stopwatch.Stop();
                cpu.Add((Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds);
                wall.Add(stopwatch.Elapsed.TotalMilliseconds);
                for (var g = 0; g < 3; g++)
                {
                    gcs[g] += GC.CollectionCount(g) - before[g];
                }
            }

            wall.Sort();
            cpu.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-10} {count,7} files  wall {wall[rounds / 2],8:F2} ms (min {wall[0]:F2})  cpu {cpu[rounds / 2],8:F2} ms  gen0/1/2 per round {gcs[0] / (double)rounds:F2} / {gcs[1] / (double)rounds:F2} / {gcs[2] / (double)rounds:F2}  pause total {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms"));
        }

        return 0;
    }

    /// <summary><c>gen small DIR FILES FOLDERS</c> | <c>gen large DIR COUNT MIB</c> | <c>gen clutter DIR COUNT</c>.</summary>
    private static int Generate(ReadOnlySpan<string> args)
    {
        switch (args)
        {
            case ["small", var dir, var files, var folders]:
                Trees.SmallFiles(dir, Int(files), Int(folders));
                return 0;
            case ["large", var dir, var count, var mebibytes]:
                Trees.LargeFiles(dir, Int(count), Int(mebibytes));
                return 0;
            case ["clutter", var dir, var count]:
                Directory.CreateDirectory(dir);
                Trees.Clutter(dir, Int(count));
                return 0;
            default:
                Console.Error.WriteLine("usage: gen small DIR FILES FOLDERS | gen large DIR COUNT MIB | gen clutter DIR COUNT");
                return 2;
        }
    }

    /// <summary>
    /// The suggested root listing: names that cannot be drop-in folders are dropped before <c>Attributes</c> (an lstat and a
    /// geteuid per entry on Unix) is read.
    /// </summary>
    private static FileSystemEnumerable<RootEntry> CandidateFolders(string root) =>
        new(
            root,
            static (ref FileSystemEntry e) => new RootEntry(e.FileName.ToString(), (e.Attributes & FileAttributes.ReparsePoint) != 0),
            new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false })
        {
            ShouldIncludePredicate = static (ref FileSystemEntry e) => e.FileName.StartsWith("ae_updater", StringComparison.Ordinal) && e.IsDirectory,
        };

    private static UpdaterOptions ParseOptions(ReadOnlySpan<string> args, out bool time)
    {
        time = false;
        string? home = null;
        var options = new UpdaterOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--root":
                    options.Root = args[++i];
                    break;
                case "--home":
                    home = args[++i];
                    break;
                case "--placeholder":
                    var pair = args[++i];
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    options.Placeholders[pair[..equals]] = pair[(equals + 1)..];
                    break;
                case "--state-dir":
                    options.StateDirectory = args[++i];
                    break;
                case "--time":
                    time = true;
                    break;
                case "--no-flush" or "--again" or "--read":
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'", nameof(args));
            }
        }

        // Like the CLI: the process's environment, unless a (temporary) home is given.
        options.Environment = home is null ? PlaceholderEnvironment.System : new PlaceholderEnvironment { HomeDirectory = home };
        return options;
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
