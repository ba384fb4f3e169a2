using System.Diagnostics;
using System.Globalization;
using AeUpdater.Placeholders;
using Microsoft.Extensions.Logging.Abstractions;

namespace AeUpdater.Benchmarks;

/// <summary>
/// Whole-process commands for <c>bench/compare.sh</c>, strace and start-up measurements. <c>check-all</c> takes the
/// arguments of <c>ae-updater check-all</c> that the comparison uses, and stands in for the CLI until it lands.
/// </summary>
internal static class Harness
{
    public static bool IsCommand(string name) => name is "empty" or "check-all" or "plan" or "gen";

    public static int Run(string[] args) => args[0] switch
    {
        "empty" => 0,
        "check-all" => CheckAll(args.AsSpan(1)),
        "plan" => Plan(args.AsSpan(1)),
        _ => Generate(args.AsSpan(1)),
    };

    /// <summary><c>check-all [--root DIR] [--placeholder ID=PATH]... [--home DIR] [--time]</c>: one call, exit 1 on any failure.</summary>
    private static int CheckAll(ReadOnlySpan<string> args)
    {
        var options = ParseOptions(args, out var time);
        var stopwatch = Stopwatch.StartNew();
        var report = AppEnvUpdater.CheckAll(options);
        stopwatch.Stop();
        if (time)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"check-all: {stopwatch.Elapsed.TotalMilliseconds:F3} ms, {report.Processed.Count} processed"));
        }

        return report.HasFailures ? 1 : 0;
    }

    /// <summary><c>plan --root DIR --placeholder usr=DIR [--home DIR]</c>: scan + plan only; prints time, operations, peak working set.</summary>
    private static int Plan(ReadOnlySpan<string> args)
    {
        var options = ParseOptions(args, out _);
        var stopwatch = Stopwatch.StartNew();
        var context = RunContext.Create(options, NullLogger.Instance, CancellationToken.None);
        var plan = UpdateEngine.PlanDropIns(context, UpdateEngine.AllKinds);
        stopwatch.Stop();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"operations={plan.Operations.Count} plan_ms={stopwatch.Elapsed.TotalMilliseconds:F1} peak_ws_mib={process.PeakWorkingSet64 / 1048576.0:F1} allocated_mib={GC.GetTotalAllocatedBytes() / 1048576.0:F1}"));
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
                case "--time":
                    time = true;
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
