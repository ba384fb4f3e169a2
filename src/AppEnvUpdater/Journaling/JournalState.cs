namespace AeUpdater.Journaling;

/// <summary>What a state directory's journal holds when a run starts.</summary>
internal sealed record JournalState(JournalRun? LastRun, IReadOnlyDictionary<string, PluginLedgerEntry> Plugins)
{
    public static JournalState Empty { get; } = new(null, new Dictionary<string, PluginLedgerEntry>());

    public bool HasUnfinishedRun => LastRun is { Ended: false };
}
