using System.Globalization;
using Spectre.Console;

namespace AeUpdater.Cli.Output;

/// <summary>Writes an <see cref="UpdateReport"/> for people: plugins, a table per drop-in folder, folders not applied, a summary line.</summary>
internal static class TextReportWriter
{
    /// <summary>Folders with more operations than this list only the failed and explained ones, and count the rest.</summary>
    internal const int MaxRowsPerFolder = 200;

    public static void Write(IAnsiConsole console, UpdateReport report, int exitCode)
    {
        console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[bold]ae-updater check-all[/] root [blue]{Safe(report.Root)}[/], platform {Markup.Escape(report.Platform)}{(report.DryRun ? " [yellow](dry run: nothing was changed)[/]" : "")}"));

        if (report.NotRunReason is not null)
        {
            console.MarkupLine($"[red]Nothing was done: {Safe(report.NotRunReason)}[/]");
        }

        if (report.Recovery is { } recovery)
        {
            console.MarkupLine(string.Create(
                CultureInfo.InvariantCulture,
                $"[yellow]Recovered an interrupted run[/] {Safe(recovery.RunId)}: {recovery.TemporaryFilesRemoved.Count} temporary file(s) removed, {recovery.MovesCompleted.Count} move(s) completed, {recovery.PluginsInterrupted.Count} plugin run(s) interrupted."));
        }

        if (report.Plugins.Count > 0)
        {
            console.WriteLine();
            console.MarkupLine("[bold]Plugins[/]");
            foreach (var plugin in report.Plugins)
            {
                var colour = plugin.Failed ? "red" : "green";
                console.MarkupLine($"  {Safe(plugin.Name),-16} [{colour}]{Markup.Escape(ReportNames.PluginState(plugin))}[/]  {Safe(plugin.Path)}");
                if (plugin.Error is not null)
                {
                    console.MarkupLine($"  {"",-16} [red]{Safe(FirstLine(plugin.Error))}[/]");
                }
            }
        }

        foreach (var folder in report.Operations.GroupBy(o => o.Folder, StringComparer.Ordinal))
        {
            console.WriteLine();
            var first = folder.First();
            console.MarkupLine($"[bold]{Safe(Path.GetFileName(folder.Key))}[/] ({ReportNames.FolderKind(first.Kind)})");
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("File")
                .AddColumn("Destination")
                .AddColumn("Outcome");
            var operations = folder.ToList();

            // A person reads a table of a few hundred rows at most: a larger folder shows the rows that need attention
            // (failed, or skipped with a reason) and counts the rest; --json lists everything.
            var shown = operations.Count <= MaxRowsPerFolder
                ? operations
                : [.. operations.Where(o => o.Outcome == OperationOutcome.Failed || o.Error is not null).Take(MaxRowsPerFolder)];
            foreach (var operation in shown)
            {
                table.AddRow(
                    new Text(ReportText.Escape(Path.GetRelativePath(folder.Key, operation.Source))),
                    new Text(ReportText.Escape(operation.Destination)),
                    new Markup(OutcomeMarkup(operation)));
            }

            if (shown.Count > 0)
            {
                console.Write(table);
            }

            if (shown.Count < operations.Count)
            {
                var counts = operations.GroupBy(o => o.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {ReportNames.Outcome(g.Key)}");
                console.MarkupLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {operations.Count} files: {Markup.Escape(string.Join(", ", counts))} ({shown.Count} listed; --json lists every file)"));
            }
        }

        WriteFolders(console, "Rejected folders (nothing in them was touched)", "red", report.Rejected);
        WriteFolders(console, "Ignored folders (look like drop-in folders, but are not)", "yellow", report.Ignored);
        WriteFolders(console, "Skipped folders (for another platform)", "grey", report.Skipped);

        console.WriteLine();
        console.MarkupLine(Summary(report, exitCode));
    }

    public static string Summary(UpdateReport report, int exitCode)
    {
        var parts = new List<string>();
        foreach (var outcome in Enum.GetValues<OperationOutcome>())
        {
            var count = report.Operations.Count(o => o.Outcome == outcome);
            if (count > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {ReportNames.Outcome(outcome)}"));
            }
        }

        AddCount(parts, report.Rejected.Count, "rejected folder");
        AddCount(parts, report.Ignored.Count, "ignored folder");
        AddCount(parts, report.Skipped.Count, "skipped folder");
        AddCount(parts, report.Plugins.Count(p => p.Ran), "plugin run");
        AddCount(parts, report.Plugins.Count(p => p.Failed), "plugin failed");
        var text = parts.Count == 0 ? "nothing to do" : string.Join(", ", parts);
        var verdict = exitCode == ExitCodes.Success ? "[green]ok[/]" : "[red]failures[/]";
        return string.Create(CultureInfo.InvariantCulture, $"[bold]Summary:[/] {Markup.Escape(text)} — {verdict} (exit {exitCode})");
    }

    private static void AddCount(List<string> parts, int count, string what)
    {
        if (count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {what}{(count == 1 ? "" : "s")}"));
        }
    }

    private static string OutcomeMarkup(FileOperationReport operation)
    {
        var colour = operation.Outcome switch
        {
            OperationOutcome.Failed => "red",
            OperationOutcome.Skipped => "grey",
            OperationOutcome.Planned => "yellow",
            _ => "green",
        };
        var text = ReportNames.Outcome(operation.Outcome);
        if (operation.Error is not null)
        {
            text += ": " + FirstLine(operation.Error);
        }

        return $"[{colour}]{Safe(text)}[/]";
    }

    private static void WriteFolders(IAnsiConsole console, string title, string colour, IReadOnlyList<FolderReport> folders)
    {
        if (folders.Count == 0)
        {
            return;
        }

        console.WriteLine();
        console.MarkupLine($"[bold]{Markup.Escape(title)}[/]");
        foreach (var folder in folders)
        {
            console.MarkupLine($"  [{colour}]{Safe(Path.GetFileName(folder.Folder))}[/]: {Safe(folder.Reason)}");
        }
    }

    /// <summary>Text from the disk, made safe for the terminal (control and bidi characters escaped) and for markup.</summary>
    private static string Safe(string text) => Markup.Escape(ReportText.Escape(text));

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
