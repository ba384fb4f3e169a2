using System.Diagnostics;

namespace AeUpdater.Cli.Tests.Support;

/// <summary>Runs <c>ae-updater</c> in-process (<see cref="CliApp.Run(string[], TextWriter, TextWriter, IDictionary{string, string?}?, string?)"/>) or as a child process, always over a temporary home.</summary>
public static class CliRunner
{
    /// <summary>Environment variables that point every user folder into <paramref name="tree"/>.</summary>
    public static Dictionary<string, string?> TempHome(TempTree tree) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["HOME"] = tree["home"],
        ["USERPROFILE"] = tree["home"],
        ["XDG_CONFIG_HOME"] = tree["xdg"],
        ["APPDATA"] = tree["xdg"],
        ["LOCALAPPDATA"] = tree["local"],
    };

    public static CliResult Run(TempTree tree, params string[] args) => Run(tree, TempHome(tree), args);

    public static CliResult Run(TempTree tree, IDictionary<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = CliApp.Run(args, stdout, stderr, environment, tree.Root);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs <c>dotnet ae-updater.dll</c> with the temporary home and <paramref name="tree"/> as current directory.</summary>
    public static CliResult RunProcess(TempTree tree, IDictionary<string, string?>? extraEnvironment, params string[] args) =>
        RunProcess(tree, extraEnvironment, closeStdout: false, args);

    /// <summary>Like <see cref="RunProcess(TempTree, IDictionary{string, string?}?, string[])"/>; with <paramref name="closeStdout"/>, the reading end of its stdout is closed at once (a closed pipe).</summary>
    public static CliResult RunProcess(TempTree tree, IDictionary<string, string?>? extraEnvironment, bool closeStdout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = tree.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ae-updater.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AEUPDATER", StringComparison.OrdinalIgnoreCase) || k.StartsWith("SERILOG", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in TempHome(tree).Concat(extraEnvironment ?? new Dictionary<string, string?>()))
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdout = "";
        if (closeStdout)
        {
            process.StandardOutput.Close();
        }
        else
        {
            stdout = process.StandardOutput.ReadToEnd();
        }

        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("ae-updater did not exit within 2 minutes.");
        }

        return new CliResult(process.ExitCode, stdout, stderrTask.GetAwaiter().GetResult());
    }
}
