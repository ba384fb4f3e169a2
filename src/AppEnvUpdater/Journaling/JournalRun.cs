namespace AeUpdater.Journaling;

/// <summary>The last run the journal holds: what it intended, how much it recorded as done, whether it was closed.</summary>
internal sealed record JournalRun(string Id, DateTimeOffset? Started, string Root, IReadOnlyList<OperationIntent> Intents, int DoneCount, bool Ended);
