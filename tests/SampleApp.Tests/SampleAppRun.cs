using System.Diagnostics;
using System.Reflection;

namespace AeUpdater.SampleApp.Tests;

/// <summary>Runs the built sample app as a child process on a scratch folder.</summary>
public sealed record SampleAppRun(int ExitCode, string Stdout, string Stderr)
{
    public static string SampleAppPath { get; } = typeof(SampleAppRun).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SampleAppPath").Value!;

    public static SampleAppRun Start(string scratch, params string[] extraArgs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = scratch,
        };
        start.ArgumentList.Add(SampleAppPath);
        start.ArgumentList.Add("--scratch");
        start.ArgumentList.Add(scratch);
        foreach (var arg in extraArgs)
        {
            start.ArgumentList.Add(arg);
        }

        // Belt and braces: the sample never reads the real home, but a child gets a temporary one anyway.
        start.Environment["HOME"] = Path.Join(scratch, "home");
        start.Environment["XDG_CONFIG_HOME"] = Path.Join(scratch, "home", ".config");
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
