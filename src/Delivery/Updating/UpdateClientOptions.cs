using AeUpdater.Delivery.Archives;
using AeUpdater.Delivery.Releases;
using AeUpdater.Tuf.Client;
using AeUpdater.Tuf.Fetching;

namespace AeUpdater.Delivery.Updating;

/// <summary>The progress of one download.</summary>
/// <param name="TargetPath">The target being downloaded (e.g. <c>MyApp-1.2.0.patch</c>).</param>
/// <param name="BytesReceived">Bytes received so far.</param>
/// <param name="TotalBytes">The signed length of the target.</param>
public sealed record DownloadProgress(string TargetPath, long BytesReceived, long TotalBytes);

/// <summary>Where an <see cref="UpdateClient"/> gets updates from and what it updates.</summary>
public sealed class UpdateClientOptions
{
    /// <summary>The repository's metadata URL (<c>REPO/metadata/</c> served; <c>http(s):</c> or <c>file:</c>).</summary>
    public required string MetadataUrl { get; init; }

    /// <summary>The repository's target base URL (<c>REPO/targets/</c> served).</summary>
    public required string TargetBaseUrl { get; init; }

    /// <summary>The app's name, as given to <c>repo init --name</c>.</summary>
    public required string AppName { get; init; }

    /// <summary>The app's root folder, where archives are installed.</summary>
    public required string Root { get; init; }

    /// <summary>
    /// The trusted root metadata file shipped with the app; read only when the state directory has no trusted
    /// metadata yet (the first run). Later runs trust what the last refresh verified.
    /// </summary>
    public string? TrustedRootPath { get; init; }

    /// <summary>
    /// The state directory (the engine's; it holds <c>installed.json</c>, <c>tuf/</c> and <c>delivery/</c>).
    /// Placeholders and <c>~</c> are allowed; a relative path is taken from <see cref="Root"/>.
    /// </summary>
    /// <value>Default: <c>{app}/.aeupdater</c>, as <c>UpdaterOptions.StateDirectory</c>.</value>
    public string StateDirectory { get; init; } = "{app}/.aeupdater";

    /// <summary>The channel: which pre-releases are offered.</summary>
    public Channel Channel { get; init; } = Channel.Stable;

    /// <summary>Only find out what would be installed and how: no download, nothing written but trusted metadata.</summary>
    public bool DryRun { get; init; }

    /// <summary>Download progress, reported as bytes arrive.</summary>
    public IProgress<DownloadProgress>? Progress { get; init; }

    /// <summary>How URLs are opened. Default: HTTP(S) and <c>file:</c>.</summary>
    public ITufFetcher? Fetcher { get; init; }

    /// <summary>The TUF client's limits and timeouts.</summary>
    public UpdaterConfig? TufConfig { get; init; }

    /// <summary>The bounds an archive must stay within.</summary>
    public ArchiveLimits? ArchiveLimits { get; init; }

    /// <summary>The clock metadata expiry is checked against.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Where <c>{app}</c> and the other placeholders of <see cref="StateDirectory"/> come from. Default: the system's.</summary>
    public Placeholders.PlaceholderEnvironment? Environment { get; init; }

    /// <summary>How long to wait for another update of the same state directory.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
