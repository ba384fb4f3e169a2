namespace AeUpdater.Journaling;

/// <summary>What a state directory holds, for <c>ae-updater status</c>: the last run and the plugin ledger.</summary>
/// <param name="StateDirectory">The state directory (absolute).</param>
/// <param name="Exists">Whether it exists.</param>
/// <param name="Error">Why it cannot be used or read, if so (then nothing else is filled).</param>
/// <param name="LastRun">The last run with file operations, if the journal holds one.</param>
/// <param name="Plugins">One entry per plugin content hash, in ledger order.</param>
/// <param name="MaxPluginFailures">The options' quarantine threshold.</param>
/// <param name="Problems">What was skipped while reading.</param>
internal sealed record StateStatus(
    string StateDirectory,
    bool Exists,
    string? Error,
    JournalRun? LastRun,
    IReadOnlyList<PluginLedgerEntry> Plugins,
    int MaxPluginFailures,
    IReadOnlyList<string> Problems)
{
    /// <summary>Whether <paramref name="entry"/> is quarantined (not run until its bytes change or its failures are forgotten).</summary>
    public bool IsQuarantined(PluginLedgerEntry entry) => entry.ConsecutiveFailures >= MaxPluginFailures;
}
