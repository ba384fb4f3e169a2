namespace AeUpdater.Tuf.Repository;

/// <summary>How long each role's metadata stays valid after it is signed (tufup's defaults).</summary>
public sealed class ExpiryPolicy
{
    /// <summary>Root: rotated rarely, signed offline.</summary>
    /// <value>365 days.</value>
    public TimeSpan Root { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Targets and delegated targets.</summary>
    /// <value>7 days.</value>
    public TimeSpan Targets { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Snapshot.</summary>
    /// <value>7 days.</value>
    public TimeSpan Snapshot { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Timestamp: re-signed often, so a frozen mirror is noticed within a day.</summary>
    /// <value>1 day.</value>
    public TimeSpan Timestamp { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The validity of <paramref name="roleType"/> (<c>root</c>, <c>timestamp</c>, <c>snapshot</c>, or anything else for targets).</summary>
    public TimeSpan For(string roleType) => roleType switch
    {
        "root" => Root,
        "timestamp" => Timestamp,
        "snapshot" => Snapshot,
        _ => Targets,
    };
}
