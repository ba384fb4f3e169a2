namespace AeUpdater;

/// <summary>Something recovery found and deliberately left alone, because it could not prove the file was its own to remove.</summary>
public sealed record RecoverySkip
{
    /// <summary>The file (absolute).</summary>
    public required string Path { get; init; }

    /// <summary>Why it was left alone.</summary>
    public required string Reason { get; init; }
}
