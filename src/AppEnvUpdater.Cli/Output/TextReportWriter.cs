using Spectre.Console;

namespace AeUpdater.Cli.Output;

/// <summary>Writes an <see cref="UpdateReport"/> for people: plugins, a table per drop-in folder, folders not applied, a summary line.</summary>
internal static class TextReportWriter
{
    /// <summary>Folders with more operations than this list only the failed and explained ones, and count the rest.</summary>
    internal const int MaxRowsPerFolder = 200;

    public static void Write(IAnsiConsole console, UpdateReport report, int exitCode)
    {
        var m = SpectreMarkup.Instance;
        console.MarkupLine(ReportLines.Header(m, report));
        if (report.NotRunReason is not null)
        {
            console.MarkupLine(ReportLines.NotRun(m, report.NotRunReason));
        }

        if (report.Recovery is { } recovery)
        {
            console.MarkupLine(ReportLines.Recovered(m, recovery));
            foreach (var skip in recovery.Skipped)
            {
                console.MarkupLine(ReportLines.LeftAlone(m, skip));
            }
        }

        if (report.Plugins.Count > 0)
        {
            console.WriteLine();
            console.MarkupLine(ReportLines.Title(m, "Plugins"));
            foreach (var plugin in report.Plugins)
            {
                console.MarkupLine(ReportLines.Plugin(m, plugin));
                if (plugin.Error is not null)
                {
                    console.MarkupLine(ReportLines.PluginError(m, plugin.Error));
                }
            }
        }

        foreach (var folder in report.Operations.GroupBy(o => o.Folder, StringComparer.Ordinal))
        {
            console.WriteLine();
            console.MarkupLine(ReportLines.FolderHeading(m, folder.Key, folder.First().Kind));
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("File")
                .AddColumn("Destination")
                .AddColumn("Outcome");
            var operations = folder.ToList();

            // A person reads a table of a few hundred rows at most: a larger folder shows the rows that need attention
            // (failed, or skipped with a reason) and counts the rest; --json lists everything.
            var shown = operations.Count <= MaxRowsPerFolder
                ? operations
                : [.. operations.Where(NeedsAttention).Take(MaxRowsPerFolder)];
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
                console.MarkupLine(ReportLines.FolderCounts(m, operations, shown.Count));
            }
        }

        foreach (var (title, colour, folders) in ReportLines.FolderLists(report))
        {
            if (folders.Count > 0)
            {
                console.WriteLine();
                console.MarkupLine(ReportLines.Title(m, title));
                foreach (var folder in folders)
                {
                    console.MarkupLine(ReportLines.Folder(m, colour, folder));
                }
            }
        }

        console.WriteLine();
        console.MarkupLine(ReportLines.Summary(m, report, exitCode));
    }

    /// <summary>Whether a large folder's table lists this operation: failed, or skipped with a reason.</summary>
    internal static bool NeedsAttention(FileOperationReport operation) => operation.Outcome == OperationOutcome.Failed || operation.Error is not null;

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
            text += ": " + ReportLines.FirstLine(operation.Error);
        }

        return $"[{colour}]{Safe(text)}[/]";
    }

    /// <summary>Text from the disk, made safe for the terminal (control and bidi characters escaped) and for markup.</summary>
    private static string Safe(string text) => Markup.Escape(ReportText.Escape(text));

    /// <summary>Spectre markup: styles as <c>[style]...[/]</c>, text escaped.</summary>
    private sealed class SpectreMarkup : IReportMarkup
    {
        public static SpectreMarkup Instance { get; } = new();

        public string Text(string text) => Markup.Escape(text);

        public string Styled(string style, string text) => $"[{style}]{Markup.Escape(text)}[/]";
    }
}
