namespace AeUpdater.Operations;

/// <summary>What the executor remembers across the operations of one run.</summary>
internal sealed class OperationState
{
    /// <summary>Folders known to exist (created or seen by this run): their existence is not checked again.</summary>
    public HashSet<string> KnownDirectories { get; } = new(StringComparer.Ordinal);

    /// <summary>Folders whose entries this run changed: flushed at the end with <see cref="Durability.Full"/>.</summary>
    public HashSet<string> Touched { get; } = new(StringComparer.Ordinal);
}
