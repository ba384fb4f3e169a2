namespace AeUpdater.Operations;

/// <summary>What the executor remembers across the operations of one run.</summary>
internal sealed class OperationState : IDisposable
{
    /// <summary>Directory handles (Linux): every folder entered without following a link.</summary>
    public DirectoryHandles Handles { get; } = new();

    /// <summary>Per drop-in rule: <see langword="null"/> when its destination is still the folder planned, else why not.</summary>
    public Dictionary<Rules.DropInRule, string?> RuleChecks { get; } = new(ReferenceEqualityComparer.Instance);

    public void Dispose() => Handles.Dispose();

    /// <summary>A state for another thread of the same run: handles of its own, the same forbidden folders, nothing else shared.</summary>
    public OperationState ForAnotherThread()
    {
        var other = new OperationState();
        other.Handles.ForbidAll(Handles);
        return other;
    }

    /// <summary>Folders known to exist (created or seen by this run): their existence is not checked again.</summary>
    public HashSet<string> KnownDirectories { get; } = new(StringComparer.Ordinal);

    /// <summary>Folders whose entries this run changed: flushed at the end with <see cref="Durability.Full"/>.</summary>
    public HashSet<string> Touched { get; } = new(StringComparer.Ordinal);

    private string? _lastTouched;

    /// <summary>Adds to <see cref="Touched"/>; the same folder as last time (the operations come grouped by folder) costs no hashing.</summary>
    public void Touch(string folder)
    {
        if (!ReferenceEquals(folder, _lastTouched))
        {
            Touched.Add(folder);
            _lastTouched = folder;
        }
    }
}
