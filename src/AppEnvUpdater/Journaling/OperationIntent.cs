namespace AeUpdater.Journaling;

/// <summary>One file operation a run intends, as the journal records it before the run changes anything.</summary>
internal sealed record OperationIntent(int Index, bool IsMove, bool Overwrite, string Source, string Destination);
