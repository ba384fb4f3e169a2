using System.Diagnostics;
using System.Reflection;

namespace AeUpdater.SampleApp.Tests;

/// <summary>Runs the built sample app as a child process on a scratch folder.</summary>
public sealed record SampleAppRun(int ExitCode, string Stdout, string Stderr)
{
    public static string SampleAppPath { get; } = typeof(SampleAppRun).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SampleAppPath").Value!;

    public static SampleAppRun Start(string scratch, params string[] extraArgs) =>
        Run(scratch, Path.Join(scratch, "home"), ["--scratch", scratch, .. extraArgs]);

    /// <summary>Runs the sample without <c>--scratch</c>, as the user whose home is <paramref name="home"/> (a temporary folder).</summary>
    public static SampleAppRun StartAsUserWithHome(string home) => Run(home, home, []);

    private static SampleAppRun Run(string workingDirectory, string home, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(SampleAppPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Belt and braces: the sample never reads the real home, but a child gets a temporary one anyway.
        start.Environment["HOME"] = home;
        start.Environment["XDG_CONFIG_HOME"] = Path.Join(home, ".config");
        start.Environment.Remove("XDG_DATA_HOME");
        start.Environment.Remove("AEUPDATER_SAMPLE_SCRATCH");
        start.Environment["LOCALAPPDATA"] = Path.Join(home, "AppData", "Local");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The sample app did not exit within 2 minutes.");
        }

        return new SampleAppRun(process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
