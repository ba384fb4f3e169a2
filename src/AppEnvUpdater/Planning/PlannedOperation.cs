using AeUpdater.Rules;

namespace AeUpdater.Planning;

/// <summary>One file to copy or move; <see cref="Error"/> is set when planning already knows it cannot be done.</summary>
internal sealed record PlannedOperation(DropInRule Rule, string Source, string RelativePath, string Destination, bool SourceIsLink, string? Error)
{
    public DropInKind Kind => Rule.Kind;

    public bool IsMove => Rule.Kind is DropInKind.Moves or DropInKind.OverMoves;

    public bool Overwrite => Rule.Kind is DropInKind.OverCopies or DropInKind.OverMoves;

    /// <summary>The source's real path: the drop-in folder's real path and the relative path (nothing below is a link at plan time).</summary>
    public string RealSource => Rule.RealFolder is { } folder && !string.Equals(folder, Rule.Folder, StringComparison.Ordinal)
        ? Path.Join(folder, RelativePath)
        : Source;

    /// <summary>The destination below the real path of the rule's destination; <see langword="null"/> when planned without resolution.</summary>
    public string? RealDestination { get; init; }
}
