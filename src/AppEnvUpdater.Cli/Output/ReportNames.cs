namespace AeUpdater.Cli.Output;

/// <summary>The words the reports use for kinds and outcomes (JSON values and text).</summary>
internal static class ReportNames
{
    public static string Outcome(OperationOutcome outcome) => outcome switch
    {
        OperationOutcome.Planned => "planned",
        OperationOutcome.Copied => "copied",
        OperationOutcome.Moved => "moved",
        OperationOutcome.Skipped => "skipped",
        OperationOutcome.Failed => "failed",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    public static string Kind(FileOperationReport operation) => operation.IsMove ? "move" : "copy";

    public static string FolderKind(DropInKind kind) => kind switch
    {
        DropInKind.Copies => "copies",
        DropInKind.OverCopies => "over-copies",
        DropInKind.Moves => "moves",
        DropInKind.OverMoves => "over-moves",
        _ => kind.ToString(),
    };

    /// <summary>What happened to a plugin, in words.</summary>
    public static string PluginState(PluginReport plugin)
    {
        if (plugin.Quarantined)
        {
            return "quarantined";
        }

        if (plugin.Error is not null)
        {
            return plugin.Ran ? "failed" : "refused";
        }

        if (!plugin.Ran)
        {
            return plugin.Deleted ? "already ran, deleted" : "not run";
        }

        return plugin.Result switch
        {
            true when plugin.Deleted => "returned true, deleted",
            true => "returned true",
            false when plugin.Name == PluginReport.OneShotName => "returned false, pending (runs again on the next start)",
            false => "returned false",
            null => "ran",
        };
    }
}
