using System.Text;

namespace AeUpdater.Cli.Output;

/// <summary>
/// Writes the text report without Spectre.Console when standard output is not a terminal and the report needs no table
/// (no file operations: nothing to do, only plugins, only folders not applied; or only folders of more than
/// <see cref="TextReportWriter.MaxRowsPerFolder"/> files none of which failed or was skipped with a reason, whose part is
/// a heading and a count, e.g. a large moves folder): the same text that
/// <see cref="TextReportWriter"/> prints there (no colours, width <see cref="ConsoleFactory.RedirectedWidth"/>), so that
/// the usual "nothing to do" run does not load and compile Spectre.Console (docs/performance.md, start-up).
/// </summary>
/// <remarks>
/// Only lines that Spectre prints as they are qualify: shorter than the console width (Spectre wraps longer ones) and
/// made of characters one cell wide (ASCII, Latin letters, the summary's dash). Anything else, e.g. a long root path or
/// one in another script, goes to <see cref="TextReportWriter"/>: the output is then the same, only slower to start.
/// </remarks>
internal static class PlainReportWriter
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/> when it qualifies; otherwise writes nothing.</summary>
    /// <returns>Whether the report was written.</returns>
    public static bool TryWrite(TextWriter output, UpdateReport report, int exitCode)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        var lines = Lines(report, exitCode);
        if (lines is null)
        {
            return false;
        }

        foreach (var line in lines)
        {
            if (!IsPrintedAsIs(line))
            {
                return false;
            }
        }

        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append(output.NewLine);
        }

        output.Write(text.ToString());
        return true;
    }

    /// <summary>
    /// The lines of the report (an empty string for an empty line), as <see cref="TextReportWriter"/> writes them;
    /// <see langword="null"/> when that writer would print a table.
    /// </summary>
    internal static List<string>? Lines(UpdateReport report, int exitCode)
    {
        var m = NoMarkup.Instance;
        var lines = new List<string> { ReportLines.Header(m, report) };
        if (report.NotRunReason is not null)
        {
            lines.Add(ReportLines.NotRun(m, report.NotRunReason));
        }

        if (report.Recovery is { } recovery)
        {
            lines.Add(ReportLines.Recovered(m, recovery));
            foreach (var skip in recovery.Skipped)
            {
                lines.Add(ReportLines.LeftAlone(m, skip));
            }
        }

        if (report.Plugins.Count > 0)
        {
            lines.Add("");
            lines.Add(ReportLines.Title(m, "Plugins"));
            foreach (var plugin in report.Plugins)
            {
                lines.Add(ReportLines.Plugin(m, plugin));
                if (plugin.Error is not null)
                {
                    lines.Add(ReportLines.PluginError(m, plugin.Error));
                }
            }
        }

        // A drop-in folder's part is a table of its files, but for a folder of more than MaxRowsPerFolder files of
        // which none needs attention: then it is its heading and its counts (what a large moves folder prints).
        foreach (var folder in report.Operations.GroupBy(o => o.Folder, StringComparer.Ordinal))
        {
            var operations = folder.ToList();
            if (operations.Count <= TextReportWriter.MaxRowsPerFolder || operations.Exists(TextReportWriter.NeedsAttention))
            {
                return null;
            }

            lines.Add("");
            lines.Add(ReportLines.FolderHeading(m, folder.Key, operations[0].Kind));
            lines.Add(ReportLines.FolderCounts(m, operations, shown: 0));
        }

        foreach (var (title, colour, folders) in ReportLines.FolderLists(report))
        {
            if (folders.Count > 0)
            {
                lines.Add("");
                lines.Add(ReportLines.Title(m, title));
                foreach (var folder in folders)
                {
                    lines.Add(ReportLines.Folder(m, colour, folder));
                }
            }
        }

        lines.Add("");
        lines.Add(ReportLines.Summary(m, report, exitCode));
        return lines;
    }

    /// <summary>Whether Spectre prints <paramref name="line"/> unchanged on a console of <see cref="ConsoleFactory.RedirectedWidth"/> cells.</summary>
    internal static bool IsPrintedAsIs(string line)
    {
        if (line.Length >= ConsoleFactory.RedirectedWidth)
        {
            return false;
        }

        foreach (var c in line)
        {
            var oneCell = c is >= ' ' and <= '~' or '—' || (c is >= '\u00A0' and <= '\u02FF' && c != '\u00AD');
            if (!oneCell)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>No markup: text as it is, styles dropped.</summary>
    private sealed class NoMarkup : IReportMarkup
    {
        public static NoMarkup Instance { get; } = new();

        public string Text(string text) => text;

        public string Styled(string style, string text) => text;
    }
}
