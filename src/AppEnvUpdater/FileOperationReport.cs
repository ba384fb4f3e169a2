namespace AeUpdater;

/// <summary>One file of a drop-in folder and what happened to it.</summary>
public sealed record FileOperationReport
{
    /// <summary>The kind of the drop-in folder.</summary>
    public required DropInKind Kind { get; init; }

    /// <summary>The drop-in folder (absolute).</summary>
    public required string Folder { get; init; }

    /// <summary>The source file (absolute).</summary>
    public required string Source { get; init; }

    /// <summary>The destination file (absolute).</summary>
    public required string Destination { get; init; }

    /// <summary>The outcome.</summary>
    public required OperationOutcome Outcome { get; init; }

    /// <summary>Why it failed or was skipped, or <see langword="null"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Whether the file is moved (<see langword="false"/>: copied).</summary>
    public bool IsMove => Kind is DropInKind.Moves or DropInKind.OverMoves;

    /// <summary>Whether an existing destination is replaced.</summary>
    public bool Overwrite => Kind is DropInKind.OverCopies or DropInKind.OverMoves;
}
