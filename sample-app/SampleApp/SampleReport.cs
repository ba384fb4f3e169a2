using System.Text.Json.Nodes;
using AeUpdater.Installs;

namespace AeUpdater.SampleApp;

/// <summary>Prints what the sample's start did: where it worked, the AeUpdater report, and the settings the app loaded.</summary>
internal static class SampleReport
{
    public static void Print(TextWriter output, SampleScratch scratch, UpdateReport report, JsonObject settings, bool healthy)
    {
        output.WriteLine();
        if (scratch.InstalledVersion is { } version)
        {
            output.WriteLine($"SampleApp {version}, started from a versioned install ({InstalledApp.VersionDirectory}).");
            output.WriteLine(scratch.Created
                ? $"First start of {version} for this user: its bundle was copied aside; CheckAll consumes the copy, never the version folder."
                : $"Another start of {version}.");
            output.WriteLine(healthy ? "  reported healthy to the launcher" : "  NOT reported healthy");
        }
        else
        {
            output.WriteLine(scratch.Created
                ? "First start of version 2 (scratch created from the demo bundle; the user had version 1)."
                : "Another start (scratch reused; run with --reset to start over).");
        }

        output.WriteLine($"  app folder (root): {scratch.AppFolder}");
        output.WriteLine($"  user data {{usr}}:  {scratch.UserFolder}");
        output.WriteLine();

        output.WriteLine("Plugins:");
        if (report.Plugins.Count == 0)
        {
            output.WriteLine("  none found");
        }

        foreach (var plugin in report.Plugins)
        {
            var what = plugin.Error is not null ? "failed: " + plugin.Error
                : !plugin.Ran ? "not run"
                : plugin.Deleted ? $"returned {plugin.Result}, deleted (runs once)"
                : $"returned {plugin.Result}";
            output.WriteLine($"  {plugin.Name,-15} {what}");
        }

        output.WriteLine("Files:");
        if (report.Operations.Count == 0)
        {
            output.WriteLine("  nothing to do");
        }

        foreach (var operation in report.Operations)
        {
            var outcome = operation.Outcome.ToString().ToLowerInvariant();
            var note = operation.Error is not null ? ": " + operation.Error
                : operation.Outcome == OperationOutcome.Skipped ? " (already there: the user's file is kept)"
                : operation.Overwrite ? " (an over- kind: replaces the file on every start)"
                : "";
            output.WriteLine($"  {outcome,-8} {Path.GetFileName(operation.Folder)}/{Path.GetRelativePath(operation.Folder, operation.Source)} -> {Path.GetRelativePath(scratch.Root, operation.Destination)}{note}");
        }

        foreach (var folder in report.Skipped)
        {
            output.WriteLine($"  skipped  {Path.GetFileName(folder.Folder)}: {folder.Reason}");
        }

        foreach (var folder in report.Rejected.Concat(report.Ignored))
        {
            output.WriteLine($"  REJECTED {Path.GetFileName(folder.Folder)}: {folder.Reason}");
        }

        output.WriteLine();
        output.WriteLine($"Settings the app loaded after CheckAll ({Path.Join(scratch.AppDataFolder, "settings.json")}):");
        output.WriteLine("  " + settings.ToJsonString());
        output.WriteLine(report.HasFailures ? "Some updates failed; see above." : "Done. Run it again: the second start has nothing left to migrate or move.");
    }
}
