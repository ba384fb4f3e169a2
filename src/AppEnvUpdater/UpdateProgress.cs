namespace AeUpdater;

/// <summary>Progress of a run's file operations, reported through <see cref="UpdaterOptions.Progress"/>.</summary>
/// <param name="Completed">Operations finished so far (0 when the plan is ready).</param>
/// <param name="Total">Operations planned.</param>
/// <param name="Operation">The operation just finished, or <see langword="null"/> for the first report.</param>
public sealed record UpdateProgress(int Completed, int Total, FileOperationReport? Operation);
