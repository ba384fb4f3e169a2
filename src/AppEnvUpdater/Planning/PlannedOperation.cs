using AeUpdater.Rules;

namespace AeUpdater.Planning;

/// <summary>One file to copy or move; <see cref="Error"/> is set when planning already knows it cannot be done.</summary>
/// <remarks>
/// An operation keeps what its paths are made of, not the paths: the rule (its folder, destination and real paths) and the
/// relative path's characters (for a plan's common operation, those of the plan's packed buffer, <see cref="OperationList"/>,
/// which makes the operation when it is first read; in the common case, a path without placeholders, also the path below the
/// destination). The absolute paths (<see cref="Source"/>, <see cref="Destination"/>, <see cref="RealSource"/>,
/// <see cref="RealDestination"/>) are joined on first use and kept from then on, so the journal, the executor and the report
/// share one string each, as when the planner made them; <see cref="RelativePath"/> is made a string only when read. A plan
/// that is only planned (a dry run's count, the planning benchmark) makes none of these objects (docs/performance.md).
/// </remarks>
internal sealed class PlannedOperation
{
    /// <summary>The relative path's characters (in the plan's packed buffer, or of <see cref="_relativePath"/>).</summary>
    private readonly ReadOnlyMemory<char> _relative;

    /// <summary>The path below <see cref="DropInRule.Destination"/>, when the destination is that join (else empty).</summary>
    private readonly ReadOnlyMemory<char> _destinationRelative;

    /// <summary>Whether <see cref="RealDestination"/> is the join of the rule's real destination and <see cref="_destinationRelative"/>.</summary>
    private readonly bool _joinReal;

    private string? _relativePath;
    private string? _source;
    private string? _destination;
    private string? _realDestination;

    /// <summary>An operation whose destination is <paramref name="destination"/> as given (planned the slow way, or refused).</summary>
    public PlannedOperation(DropInRule rule, string relativePath, string destination, bool sourceIsLink, string? error, string? realDestination = null)
    {
        Rule = rule;
        _relativePath = relativePath;
        _relative = relativePath.AsMemory();
        _destination = destination;
        _realDestination = realDestination;
        SourceIsLink = sourceIsLink;
        Error = error;
    }

    /// <summary>
    /// An operation whose destination is <paramref name="destinationRelative"/> below the rule's destination, and whose real
    /// destination is the same path below the rule's real destination (<paramref name="resolved"/>: the rule has one).
    /// </summary>
    public PlannedOperation(DropInRule rule, string relativePath, string destinationRelative, bool sourceIsLink, bool resolved)
        : this(rule, relativePath.AsMemory(), destinationRelative.AsMemory(), sourceIsLink, resolved)
    {
        _relativePath = relativePath;
    }

    /// <summary>
    /// As <see cref="PlannedOperation(DropInRule, string, string, bool, bool)"/>, the paths given as characters (of the plan's
    /// packed buffer): the relative path is made a string only when <see cref="RelativePath"/> is read; the absolute paths
    /// are joined from the characters.
    /// </summary>
    public PlannedOperation(DropInRule rule, ReadOnlyMemory<char> relativePath, ReadOnlyMemory<char> destinationRelative, bool sourceIsLink, bool resolved)
    {
        Rule = rule;
        _relative = relativePath;
        _destinationRelative = destinationRelative;
        _joinReal = resolved;
        SourceIsLink = sourceIsLink;
    }

    /// <summary>The drop-in folder's rule.</summary>
    public DropInRule Rule { get; }

    /// <summary>The source's path relative to the drop-in folder, with <c>/</c> separators, as the scanner listed it.</summary>
    public string RelativePath => _relativePath ??= _relative.ToString();

    /// <summary>Whether the scanner listed the source as a symbolic link.</summary>
    public bool SourceIsLink { get; }

    /// <summary>Why the operation cannot be done, or <see langword="null"/>.</summary>
    public string? Error { get; }

    /// <summary>The source file (absolute): the drop-in folder and the relative path.</summary>
    public string Source => _source ??= Path.Join(Rule.Folder, _relative.Span);

    /// <summary>The destination file (absolute).</summary>
    public string Destination => _destination ??= Path.Join(Rule.Destination, _destinationRelative.Span);

    public DropInKind Kind => Rule.Kind;

    public bool IsMove => Rule.Kind is DropInKind.Moves or DropInKind.OverMoves;

    public bool Overwrite => Rule.Kind is DropInKind.OverCopies or DropInKind.OverMoves;

    /// <summary>The source's real path: the drop-in folder's real path and the relative path (nothing below is a link at plan time).</summary>
    public string RealSource => Rule.RealFolder is { } folder && !string.Equals(folder, Rule.Folder, StringComparison.Ordinal)
        ? Path.Join(folder, _relative.Span)
        : Source;

    /// <summary>The destination below the real path of the rule's destination; <see langword="null"/> when planned without resolution.</summary>
    public string? RealDestination
    {
        get
        {
            if (_realDestination is not null || !_joinReal)
            {
                return _realDestination;
            }

            // The same string as the destination when the rule's destination has no link in it.
            var real = Rule.Target!.RealPath;
            return _realDestination = string.Equals(real, Rule.Destination, StringComparison.Ordinal) ? Destination : Path.Join(real, _destinationRelative.Span);
        }
    }
}
