using System.Globalization;

namespace AeUpdater.Cli.Output;

/// <summary>How the lines of the text report mark text up: Spectre markup (<see cref="TextReportWriter"/>) or none (<see cref="PlainReportWriter"/>).</summary>
internal interface IReportMarkup
{
    /// <summary>Text shown as it is.</summary>
    string Text(string text);

    /// <summary>Text shown in a style: <c>bold</c> or a colour (<c>red</c>, <c>green</c>, <c>yellow</c>, <c>blue</c>, <c>grey</c>).</summary>
    string Styled(string style, string text);
}

/// <summary>
/// The lines of the text report that are not the per-folder tables, written once for both writers so that the plain
/// writer prints exactly what the Spectre writer prints without colours. Text from the disk goes through
/// <see cref="ReportText.Escape"/> here; the markup escapes what it needs.
/// </summary>
internal static class ReportLines
{
    /// <summary>Every outcome, in the order of their values (the order of the report's counts).</summary>
    private static readonly OperationOutcome[] Outcomes = Enum.GetValues<OperationOutcome>();

    public static string Header(IReportMarkup m, UpdateReport report) =>
        m.Styled("bold", "ae-updater check-all") + m.Text(" root ") + m.Styled("blue", ReportText.Escape(report.Root))
        + m.Text(", platform " + report.Platform)
        + (report.DryRun ? m.Text(" ") + m.Styled("yellow", "(dry run: nothing was changed)") : "");

    public static string NotRun(IReportMarkup m, string reason) => m.Styled("red", "Nothing was done: " + ReportText.Escape(reason));

    public static string Recovered(IReportMarkup m, RecoveryReport recovery) =>
        m.Styled("yellow", "Recovered an interrupted run") + m.Text(string.Create(
            CultureInfo.InvariantCulture,
            $" {ReportText.Escape(recovery.RunId)}: {recovery.TemporaryFilesRemoved.Count} temporary file(s) removed, {recovery.MovesCompleted.Count} move(s) completed, {recovery.PluginsInterrupted.Count} plugin run(s) interrupted."));

    public static string LeftAlone(IReportMarkup m, RecoverySkip skip) =>
        m.Styled("yellow", "  left alone") + m.Text($" {ReportText.Escape(skip.Path)}: {ReportText.Escape(skip.Reason)}");

    public static string Title(IReportMarkup m, string title) => m.Styled("bold", title);

    public static string Plugin(IReportMarkup m, PluginReport plugin) =>
        m.Text("  ") + m.Text(ReportText.Escape(plugin.Name)).PadRight(16) + m.Text(" ")
        + m.Styled(plugin.Failed ? "red" : "green", ReportNames.PluginState(plugin)) + m.Text("  " + ReportText.Escape(plugin.Path));

    public static string PluginError(IReportMarkup m, string error) =>
        m.Text("  " + new string(' ', 16) + " ") + m.Styled("red", ReportText.Escape(FirstLine(error)));

    /// <summary>The lists of folders not applied, in the order shown: title, colour of the names, folders.</summary>
    public static (string Title, string Colour, IReadOnlyList<FolderReport> Folders)[] FolderLists(UpdateReport report) =>
    [
        ("Rejected folders (nothing in them was touched)", "red", report.Rejected),
        ("Ignored folders (look like drop-in folders, but are not)", "yellow", report.Ignored),
        ("Skipped folders (for another platform)", "grey", report.Skipped),
    ];

    public static string Folder(IReportMarkup m, string colour, FolderReport folder) =>
        m.Text("  ") + m.Styled(colour, ReportText.Escape(Path.GetFileName(folder.Folder))) + m.Text(": " + ReportText.Escape(folder.Reason));

    /// <summary>The heading of a drop-in folder's part of the report: the folder's name and its kind.</summary>
    public static string FolderHeading(IReportMarkup m, string folder, DropInKind kind) =>
        m.Styled("bold", ReportText.Escape(Path.GetFileName(folder))) + m.Text($" ({ReportNames.FolderKind(kind)})");

    /// <summary>
    /// The line under a large folder's rows: how many files, how many of each outcome (in the outcomes' order), and how
    /// many rows were listed.
    /// </summary>
    public static string FolderCounts(IReportMarkup m, IReadOnlyList<FileOperationReport> operations, int shown)
    {
        // Counted into an array, not grouped: a LINQ grouping by the outcome is generic code over an enum, which the JIT
        // compiles at run time (about 30 methods).
        var counts = new int[(int)Outcomes[^1] + 1];
        foreach (var operation in operations)
        {
            counts[(int)operation.Outcome]++;
        }

        var parts = new List<string>();
        foreach (var outcome in Outcomes)
        {
            if (counts[(int)outcome] > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{counts[(int)outcome]} {ReportNames.Outcome(outcome)}"));
            }
        }

        return m.Text(string.Create(
            CultureInfo.InvariantCulture,
            $"  {operations.Count} files: {string.Join(", ", parts)} ({shown} listed; --json lists every file)"));
    }

    public static string Summary(IReportMarkup m, UpdateReport report, int exitCode)
    {
        var parts = new List<string>();
        foreach (var outcome in Outcomes)
        {
            var count = 0;
            foreach (var operation in report.Operations)
            {
                count += operation.Outcome == outcome ? 1 : 0;
            }

            if (count > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {ReportNames.Outcome(outcome)}"));
            }
        }

        var ran = 0;
        var failed = 0;
        foreach (var plugin in report.Plugins)
        {
            ran += plugin.Ran ? 1 : 0;
            failed += plugin.Failed ? 1 : 0;
        }

        AddCount(parts, report.Rejected.Count, "rejected folder");
        AddCount(parts, report.Ignored.Count, "ignored folder");
        AddCount(parts, report.Skipped.Count, "skipped folder");
        AddCount(parts, ran, "plugin run");
        AddCount(parts, failed, "plugin failed");
        var text = parts.Count == 0 ? "nothing to do" : string.Join(", ", parts);
        var verdict = exitCode == ExitCodes.Success ? m.Styled("green", "ok") : m.Styled("red", "failures");
        return m.Styled("bold", "Summary:") + m.Text(" " + text + " — ") + verdict + m.Text(string.Create(CultureInfo.InvariantCulture, $" (exit {exitCode})"));
    }

    /// <summary>The first line of <paramref name="text"/>.</summary>
    public static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static void AddCount(List<string> parts, int count, string what)
    {
        if (count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {what}{(count == 1 ? "" : "s")}"));
        }
    }
}
