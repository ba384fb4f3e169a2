namespace AeUpdater.Journaling;

/// <summary>The last run the journal holds: what it intended, how much it recorded as done, whether it was closed.</summary>
internal sealed record JournalRun(string Id, DateTimeOffset? Started, string Root, IReadOnlyList<OperationIntent> Intents, int DoneCount, bool Ended)
{
    /// <summary>When the run ended (its <c>end</c> record), when it did and the whole journal was read.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The files the run wrote, from its <c>end</c> record.</summary>
    public int? Processed { get; init; }

    /// <summary>The operations that failed, from its <c>end</c> record.</summary>
    public int? Failed { get; init; }
}
