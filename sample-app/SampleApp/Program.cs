using System.Text.Json.Nodes;
using AeUpdater;
using AeUpdater.Installs;
using AeUpdater.SampleApp;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Extensions.Logging;

// Usage: dotnet run --project sample-app/SampleApp [-- [--reset] [--scratch DIR]]
// The scratch folder defaults to the user's own aeupdater-sample folder in ~/.local/share (%LOCALAPPDATA% on
// Windows), or $AEUPDATER_SAMPLE_SCRATCH.
var reset = args.Contains("--reset", StringComparer.Ordinal);
var scratchIndex = Array.IndexOf(args, "--scratch");
var scratchRoot = scratchIndex >= 0 && scratchIndex + 1 < args.Length
    ? args[scratchIndex + 1]
    : Environment.GetEnvironmentVariable(SampleScratch.VariableName);

// Started through the launcher of a versioned install (docs/versioned-installs.md): the version it runs.
var installedVersion = InstalledApp.Version;
var scratch = SampleScratch.Prepare(string.IsNullOrEmpty(scratchRoot) ? null : scratchRoot, reset, installedVersion);

// Logging: Serilog from appsettings.json; a relative log file path goes under the scratch folder.
var configuration = new ConfigurationBuilder()
    .AddJsonFile(Path.Join(AppContext.BaseDirectory, "appsettings.json"), optional: true)
    .Build();
const string LogPathKey = "Serilog:WriteTo:File:Args:path";
if (configuration[LogPathKey] is { } logPath && !Path.IsPathRooted(logPath))
{
    configuration[LogPathKey] = Path.Join(scratch.Root, logPath);
}

using var serilog = new LoggerConfiguration().ReadFrom.Configuration(configuration).CreateLogger();
using var loggerFactory = new SerilogLoggerFactory(serilog);

// 1. FIRST THING: let AeUpdater bring the app's environment up to date (plugins, then drop-in folders).
var report = AppEnvUpdater.CheckAll(scratch.CreateOptions(), loggerFactory.CreateLogger("AeUpdater"));

// 2. Only now load what an update may have touched: the user's settings under {app}.
var settingsFile = Path.Join(scratch.AppDataFolder, "settings.json");
var settings = File.Exists(settingsFile) ? JsonNode.Parse(File.ReadAllText(settingsFile))?.AsObject() ?? [] : [];

// 3. Up and running: tell the launcher this version works (a version that never gets here is marked bad after 3
//    starts and the previous one starts instead). Outside a versioned install this does nothing.
var healthy = !report.HasFailures && InstalledApp.ReportHealthy();

SampleReport.Print(Console.Out, scratch, report, settings, healthy);
return report.HasFailures ? 1 : 0;
