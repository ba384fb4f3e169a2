namespace AeUpdater.Delivery.Updating;

/// <summary>How an update call ended.</summary>
public enum UpdateStatus
{
    /// <summary>Nothing newer in the channel.</summary>
    UpToDate,

    /// <summary>A dry run found an update (nothing was downloaded or installed).</summary>
    UpdateAvailable,

    /// <summary>A new version was installed into the root.</summary>
    Updated,

    /// <summary>Nothing was installed; <see cref="UpdateResult.Error"/> says why.</summary>
    Failed,
}

/// <summary>What <see cref="UpdateClient.UpdateAsync"/> did.</summary>
public sealed record UpdateResult
{
    /// <summary>How it ended.</summary>
    public required UpdateStatus Status { get; init; }

    /// <summary>The version installed before the call, or <see langword="null"/>.</summary>
    public string? InstalledVersion { get; init; }

    /// <summary>The newest version in the channel, when the refresh succeeded.</summary>
    public string? NewestVersion { get; init; }

    /// <summary>The version installed (or that would be): the newest, or the first required release before it.</summary>
    public string? TargetVersion { get; init; }

    /// <summary>Whether <see cref="TargetVersion"/> is a required release stopped at before <see cref="NewestVersion"/>.</summary>
    public bool StoppedAtRequired { get; init; }

    /// <summary><c>patches</c> or <c>archive</c>: how the new version was (or would be) obtained.</summary>
    public string? Method { get; init; }

    /// <summary>The targets downloaded or tried (or that would be), in order.</summary>
    public IReadOnlyList<string> Downloads { get; init; } = [];

    /// <summary>The bytes downloaded (or that would be).</summary>
    public long DownloadBytes { get; init; }

    /// <summary>Why patches were not used after all (the archive was used instead), or <see langword="null"/>.</summary>
    public string? PatchFailure { get; init; }

    /// <summary>The files written into the root.</summary>
    public int FilesWritten { get; init; }

    /// <summary>What the call recovered from an interrupted earlier install, or <see langword="null"/>.</summary>
    public string? Recovery { get; init; }

    /// <summary>Why the call failed, or <see langword="null"/>.</summary>
    public string? Error { get; init; }

    /// <summary>The state directory used.</summary>
    public string? StateDirectory { get; init; }
}
