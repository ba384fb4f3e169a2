using System.Diagnostics;
using System.Text.Json;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Installs.Tests.Support;

/// <summary>
/// A test's install: a temporary tree with <c>install/</c> (INSTALL, app name <c>demo</c>) and version sources made from the
/// real test app (<c>TestApp/</c> in the test output) with their own <c>version.txt</c>. Never the real home.
/// </summary>
public sealed class InstallSandbox : IDisposable
{
    public const string App = "demo";
    public const string Entry = "Installs.TestApp";

    public InstallSandbox()
    {
        Tree = TempTree.Create();
    }

    public static string TestAppFolder => Path.Join(AppContext.BaseDirectory, "TestApp");

    public static string LauncherFolder => Path.Join(AppContext.BaseDirectory, "launcher");

    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public TempTree Tree { get; }

    public string Install => Tree.PathOf("install");

    public string AppData => Path.Join(Install, "appdata");

    public string Launcher => Path.Join(Install, App);

    public static string Rid => System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;

    public string VersionFolder(string version) => Path.Join(AppData, $"{App}-{version}.{Rid}");

    /// <summary>A version source folder: the test app, its version.txt, and optionally a 'crash' file (a broken version).</summary>
    public string Source(string version, bool crash = false)
    {
        var folder = Tree.PathOf("sources/" + version + (crash ? "-crash" : ""));
        if (!Directory.Exists(folder))
        {
            Tree.CopyFrom(TestAppFolder, "sources/" + version + (crash ? "-crash" : ""));
            Tree.File("sources/" + version + (crash ? "-crash" : "") + "/version.txt", version);
            if (crash)
            {
                Tree.File("sources/" + version + "-crash/crash", "x");
            }
        }

        return folder;
    }

    public InstallOptions Options(Action<string>? stepHook = null) => new()
    {
        InstallDirectory = Install,
        AppName = App,
        LauncherDirectory = LauncherFolder,
        LockTimeout = TimeSpan.FromSeconds(20),
        StepHook = stepHook,
    };

    public AppInstaller Installer(Action<string>? stepHook = null) => new(Options(stepHook));

    /// <summary>Installs <paramref name="version"/> in-process and checks it worked.</summary>
    public InstallReport InstallVersion(string version, bool crash = false)
    {
        var report = Installer().Install(Source(version, crash), version, Entry);
        Assert.True(report.Outcome == InstallOutcome.Installed, report.Error);
        return report;
    }

    /// <summary>Starts INSTALL/demo with <paramref name="args"/> and waits (bounded) for it to exit.</summary>
    public LaunchResult Launch(string[]? args = null, string? stdin = null, IDictionary<string, string>? environment = null)
    {
        using var process = Process.Start(LaunchInfo(args, environment, redirectStdin: stdin is not null))!;
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the launcher did not finish in 30 s");
        }

        return new LaunchResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public ProcessStartInfo LaunchInfo(string[]? args = null, IDictionary<string, string>? environment = null, bool redirectStdin = false)
    {
        var info = new ProcessStartInfo(Launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
        };
        foreach (var arg in args ?? [])
        {
            info.ArgumentList.Add(arg);
        }

        // The framework-dependent launcher and test app find the runtime the tests run on.
        info.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(Path.GetFullPath(ResolveDotnet()))!;
        info.Environment.Remove("AEUPDATER_VERSION_DIR");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    /// <summary>Runs the crash host: install, uninstall or cleanup in a child process, killed at step <paramref name="crashAt"/> (0: never).</summary>
    public CrashResult RunHost(string command, int crashAt = 0, string? version = null, string? source = null, int lockTimeoutMs = 30_000)
    {
        var info = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var arguments = new List<string>
        {
            Path.Join(AppContext.BaseDirectory, "AeUpdater.Installs.CrashHost.dll"),
            "--install", Install, "--app", App, "--command", command, "--launcher", LauncherFolder, "--entry", Entry,
            "--crash-at", crashAt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--lock-timeout-ms", lockTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (version is not null)
        {
            arguments.AddRange(["--version", version, "--source", source ?? Source(version)]);
        }

        foreach (var arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the crash host did not finish in 60 s");
        }

        var line = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        var result = line is null ? null : JsonSerializer.Deserialize<HostResult>(line);
        return new CrashResult(process.ExitCode, result, stderr.Result);
    }

    /// <summary>Copies another sandbox's whole tree (install and sources, folders included, modes kept) into this one.</summary>
    public void CopyFrom(InstallSandbox template)
    {
        foreach (var folder in Directory.EnumerateDirectories(template.Tree.Root, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Join(Tree.Root, Path.GetRelativePath(template.Tree.Root, folder)));
        }

        foreach (var file in Directory.EnumerateFiles(template.Tree.Root, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Join(Tree.Root, Path.GetRelativePath(template.Tree.Root, file)));
        }
    }

    /// <summary>The tree below appdata/ (names, sizes and marker files), to compare two runs.</summary>
    public string Snapshot()
    {
        if (!Directory.Exists(AppData))
        {
            return "";
        }

        var lines = Directory.EnumerateFileSystemEntries(AppData, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(AppData, p))
            .Where(p => p != ".lock" && !p.EndsWith("/starts", StringComparison.Ordinal) && !p.EndsWith("/healthy", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }

    private static string ResolveDotnet()
    {
        var dotnet = Dotnet;
        if (Path.IsPathRooted(dotnet))
        {
            return new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Join(folder, dotnet);
            if (File.Exists(candidate))
            {
                return new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            }
        }

        return dotnet;
    }

    public void Dispose() => Tree.Dispose();

    public sealed record LaunchResult(int ExitCode, string Stdout, string Stderr)
    {
        public string? Version => Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("version=", StringComparison.Ordinal))?["version=".Length..].Trim();
    }

    public sealed record HostResult(List<string> Steps, string Outcome, string? Error);

    public sealed record CrashResult(int ExitCode, HostResult? Result, string Stderr);
}
