using System.Diagnostics;
using System.Text.Json;

namespace AeUpdater.Tests.TestSupport;

/// <summary>Runs <c>AeUpdater.CrashHost</c> (CheckAll in a real child process) and reads its one-line JSON result.</summary>
public static class CrashHost
{
    private static readonly string HostDll = Path.Join(AppContext.BaseDirectory, "AeUpdater.CrashHost.dll");

    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static ProcessStartInfo StartInfo(string root, string home, int crashAt = 0, string durability = "Full", int lockTimeoutMs = 60_000, int concurrentMovesFrom = 256, int renameDelayMs = 0)
    {
        var info = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { HostDll, "--root", root, "--home", home, "--crash-at", crashAt.ToString(System.Globalization.CultureInfo.InvariantCulture), "--durability", durability, "--lock-timeout-ms", lockTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--concurrent-moves-from", concurrentMovesFrom.ToString(System.Globalization.CultureInfo.InvariantCulture), "--rename-delay-ms", renameDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = home;
        info.Environment["XDG_CONFIG_HOME"] = Path.Join(home, ".config");
        return info;
    }

    /// <summary>Runs to the end (or to the crash) and returns the exit code and the parsed result (null after a crash).</summary>
    public static (int ExitCode, HostResult? Result, string Stderr) Run(string root, string home, int crashAt = 0, string durability = "Full", int concurrentMovesFrom = 256, int renameDelayMs = 0)
    {
        using var process = Process.Start(StartInfo(root, home, crashAt, durability, concurrentMovesFrom: concurrentMovesFrom, renameDelayMs: renameDelayMs))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the crash host did not finish in 2 minutes");
        }

        return (process.ExitCode, Parse(stdout.Result), stderr.Result);
    }

    /// <summary>
    /// Runs the host with <paramref name="arguments"/> (one of its other modes, e.g. <c>--first-call</c>), with
    /// <paramref name="environment"/> added to its environment, and returns its output's lines; fails unless it exits 0
    /// within 2 minutes.
    /// </summary>
    public static string[] RunToLines(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(HostDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the host did not finish in 2 minutes");
        }

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {stderr.Result}");
        return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static HostResult? Parse(string stdout)
    {
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        return line is null ? null : JsonSerializer.Deserialize<HostResult>(line);
    }

    public sealed record HostResult(
        List<string> Steps,
        List<string> Processed,
        List<string> Operations,
        List<string> Plugins,
        bool Recovered,
        string? NotRunReason,
        bool HasFailures,
        int RenameThreads = 0);
}
