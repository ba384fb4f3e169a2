using System.Diagnostics;
using System.Text.Json;
using AeUpdater.Installs;

// Usage: AeUpdater.Installs.CrashHost --install DIR --app NAME --command install|uninstall|cleanup
//        [--source PATH] [--version V] [--entry PATH] [--launcher DIR] [--crash-at N] [--lock-timeout-ms N]
// Prints one JSON line: the steps seen and the outcome. With --crash-at N it kills itself (SIGKILL) at step N.
var arguments = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "", StringComparer.Ordinal);
var crashAt = arguments.TryGetValue("crash-at", out var c) ? int.Parse(c, System.Globalization.CultureInfo.InvariantCulture) : 0;
var steps = new List<string>();
var options = new InstallOptions
{
    InstallDirectory = arguments["install"],
    AppName = arguments["app"],
    LauncherDirectory = arguments.GetValueOrDefault("launcher"),
    LockTimeout = TimeSpan.FromMilliseconds(arguments.TryGetValue("lock-timeout-ms", out var t) ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : 30_000),
    StepHook = step =>
    {
        steps.Add(step);
        if (steps.Count == crashAt)
        {
            Process.GetCurrentProcess().Kill();
            Thread.Sleep(Timeout.Infinite);
        }
    },
};

var installer = new AppInstaller(options);
string outcome;
string? error;
switch (arguments["command"])
{
    case "install":
        var install = installer.Install(arguments["source"], arguments["version"], arguments.GetValueOrDefault("entry"));
        (outcome, error) = (install.Outcome.ToString(), install.Error);
        break;
    case "uninstall":
        var uninstall = installer.Uninstall(arguments["version"]);
        (outcome, error) = (uninstall.Outcome.ToString(), uninstall.Error);
        break;
    default:
        var cleanup = installer.Cleanup();
        (outcome, error) = (cleanup.HasFailures ? "Failed" : "Done", cleanup.Error ?? string.Join("; ", cleanup.Entries.Select(e => $"{e.Name} {e.Action}")));
        break;
}

Console.WriteLine(JsonSerializer.Serialize(new HostResult(steps, outcome, error)));
return 0;

internal sealed record HostResult(List<string> Steps, string Outcome, string? Error);
