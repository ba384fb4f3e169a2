namespace AeUpdater.Tuf.Client;

/// <summary>The limits of an <see cref="Updater"/>: metadata sizes, rotations, delegations, timeouts.</summary>
public sealed class UpdaterConfig
{
    /// <summary>The most root versions fetched in one refresh (5.3.3).</summary>
    /// <value>256.</value>
    public int MaxRootRotations { get; set; } = 256;

    /// <summary>The most targets roles visited when looking a target up (5.6.7).</summary>
    /// <value>32.</value>
    public int MaxDelegations { get; set; } = 32;

    /// <summary>The upper bound of a root file, in bytes.</summary>
    /// <value>512,000.</value>
    public long RootMaxLength { get; set; } = 512_000;

    /// <summary>The upper bound of the timestamp file, in bytes.</summary>
    /// <value>16,384.</value>
    public long TimestampMaxLength { get; set; } = 16_384;

    /// <summary>The upper bound of the snapshot file when the timestamp gives no length, in bytes.</summary>
    /// <value>2,000,000.</value>
    public long SnapshotMaxLength { get; set; } = 2_000_000;

    /// <summary>The upper bound of a targets file when the snapshot gives no length, in bytes.</summary>
    /// <value>5,000,000.</value>
    public long TargetsMaxLength { get; set; } = 5_000_000;

    /// <summary>Whether target files are fetched as <c>DIR/HASH.NAME</c> when the root sets consistent snapshots.</summary>
    /// <value><see langword="true"/>.</value>
    public bool PrefixTargetsWithHash { get; set; } = true;

    /// <summary>The longest wait for the response headers or for any next bytes of a download.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The lowest average rate of a download once <see cref="SlowStartGracePeriod"/> has passed (a slow-retrieval guard).</summary>
    /// <value>1,024 bytes per second.</value>
    public long MinimumBytesPerSecond { get; set; } = 1024;

    /// <summary>How long a download may run before <see cref="MinimumBytesPerSecond"/> applies.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan SlowStartGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the values; throws an <see cref="ArgumentException"/> listing every invalid one.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (MaxRootRotations < 1)
        {
            errors.Add("MaxRootRotations must be at least 1.");
        }

        if (MaxDelegations < 1)
        {
            errors.Add("MaxDelegations must be at least 1.");
        }

        if (RootMaxLength < 1 || TimestampMaxLength < 1 || SnapshotMaxLength < 1 || TargetsMaxLength < 1)
        {
            errors.Add("The metadata length bounds must be positive.");
        }

        if (ReadTimeout <= TimeSpan.Zero)
        {
            errors.Add("ReadTimeout must be positive.");
        }

        if (MinimumBytesPerSecond < 0 || SlowStartGracePeriod < TimeSpan.Zero)
        {
            errors.Add("MinimumBytesPerSecond and SlowStartGracePeriod must not be negative.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid updater configuration: " + string.Join(" ", errors));
        }
    }
}
