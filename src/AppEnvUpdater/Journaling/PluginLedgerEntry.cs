namespace AeUpdater.Journaling;

/// <summary>What the ledger knows about one plugin's bytes (by content hash).</summary>
/// <param name="Hash">The SHA-256 of the plugin's files.</param>
/// <param name="Name">The plugin's name (<c>ae_updater</c> or <c>ae_pre_app_run</c>).</param>
/// <param name="Succeeded">Whether a run of these bytes returned <see langword="true"/> (a one-shot with these bytes never runs again).</param>
/// <param name="ConsecutiveFailures">Runs that threw or never finished, since the last run that returned.</param>
/// <param name="Interrupted">Whether the last run started and never finished (the process died).</param>
/// <param name="LastError">The last failure's message.</param>
internal sealed record PluginLedgerEntry(string Hash, string Name, bool Succeeded, int ConsecutiveFailures, bool Interrupted, string? LastError);
