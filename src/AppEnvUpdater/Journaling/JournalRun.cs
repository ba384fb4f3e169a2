namespace AeUpdater.Journaling;

/// <summary>The last run the journal holds: what it intended, how much it recorded as done, whether it was closed.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Started">When it started.</param>
/// <param name="Root">Its root.</param>
/// <param name="Intents">What it intended.</param>
/// <param name="DoneCount">How many operations it recorded as done.</param>
/// <param name="Ended">Whether it was closed.</param>
/// <param name="Copies">
/// The <c>copied</c> records: for a move across file systems, the identity of its flushed copy (by intent index),
/// written before the copy was renamed into place.
/// </param>
internal sealed record JournalRun(
    string Id, DateTimeOffset? Started, string Root, IReadOnlyList<OperationIntent> Intents, int DoneCount, bool Ended,
    IReadOnlyDictionary<int, Operations.FileId>? Copies = null)
{
    /// <summary>When the run ended (its <c>end</c> record), when it did and the whole journal was read.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The files the run wrote, from its <c>end</c> record.</summary>
    public int? Processed { get; init; }

    /// <summary>The operations that failed, from its <c>end</c> record.</summary>
    public int? Failed { get; init; }
}
