namespace AeUpdater;

/// <summary>Progress of a run's file operations, reported through <see cref="UpdaterOptions.Progress"/>.</summary>
/// <param name="Completed">Operations finished so far (0 when the plan is ready).</param>
/// <param name="Total">Operations planned.</param>
/// <param name="Operation">The operation just finished, or <see langword="null"/> for the first report.</param>
public sealed record UpdateProgress(int Completed, int Total, FileOperationReport? Operation)
{
    /// <summary>
    /// Copies whose data is written and that wait for their batch's flush and rename: with <see cref="Durability.Full"/>,
    /// copies are written in batches (of up to 4,096 files) and each batch's files become <see cref="Completed"/> at its
    /// end. A progress bar shows <c>Completed + Staged</c> of <see cref="Total"/>; that sum never decreases.
    /// </summary>
    /// <value>Default: 0.</value>
    public int Staged { get; init; }
}
