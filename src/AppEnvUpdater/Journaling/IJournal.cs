namespace AeUpdater.Journaling;

/// <summary>
/// The journal of a state directory: the current run's intended and finished operations, and the plugin ledger.
/// Append-only; records are written only after what they describe has happened (or, for intents, before anything).
/// </summary>
internal interface IJournal : IDisposable
{
    /// <summary>Reads the last run and the plugin ledger; a torn last record is ignored.</summary>
    /// <param name="detailsOfEndedRun">
    /// Whether a run that ended is read whole (intents, done records). A start only needs an unfinished run's details,
    /// so it passes <see langword="false"/> and an ended run costs a read of the journal's tail.
    /// </param>
    JournalState Load(bool detailsOfEndedRun = true);

    /// <summary>Starts a run: records its id and every intended operation, durably, before anything changes.</summary>
    void BeginRun(string runId, string root, IReadOnlyList<OperationIntent> intents);

    /// <summary>Records that operation <paramref name="index"/> finished (buffered: advisory, recovery does not need it).</summary>
    void OperationDone(int index, OperationOutcome outcome);

    /// <summary>
    /// Records, durably, that the move across file systems of intent <paramref name="index"/> has its complete, flushed
    /// copy in a temporary file with identity <paramref name="copy"/>, about to be renamed into place: recovery completes
    /// such a move only with this proof.
    /// </summary>
    void MoveCopied(int index, Operations.FileId copy);

    /// <summary>Closes the run durably.</summary>
    void EndRun(int processed, int failed);

    /// <summary>Records that a plugin is about to run: durably, unless <paramref name="durable"/> is <see langword="false"/>.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="hash">Its identity.</param>
    /// <param name="durable">
    /// Whether the record is flushed to the disk before the plugin runs (with <see cref="Durability.Full"/>). An
    /// every-start plugin's start record is written but not flushed: it is on record for a crash of the process either
    /// way, and what a flush adds, surviving a power loss during the run, would only count the power loss as the
    /// plugin's failure (docs/guarantees.md, "Durability").
    /// </param>
    void PluginStarted(string name, string hash, bool durable = true);

    /// <summary>Records, durably, how a plugin run ended.</summary>
    void PluginEnded(string name, string hash, PluginEnd end, string? error);

    /// <summary>Records that a one-shot plugin was deleted.</summary>
    void PluginDeleted(string name, string hash);
}
