namespace AeUpdater.Journaling;

/// <summary>What a state directory's journal holds when a run starts.</summary>
internal sealed record JournalState(JournalRun? LastRun, IReadOnlyDictionary<string, PluginLedgerEntry> Plugins)
{
    public static JournalState Empty { get; } = new(null, new Dictionary<string, PluginLedgerEntry>());

    public bool HasUnfinishedRun => LastRun is { Ended: false };

    /// <summary>What was skipped while reading (malformed records, an unreadable or over-long file), one line each; logged as warnings.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Why the plugin ledger exists but could not be read, if so: plugins must not run without their records.</summary>
    public string? LedgerUnreadable { get; init; }

    /// <summary>Whether the plugin ledger was larger than the read bound and only its start was read.</summary>
    public bool LedgerTruncated { get; init; }
}
