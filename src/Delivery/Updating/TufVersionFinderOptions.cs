using AeUpdater.Delivery.Releases;
using AeUpdater.Tuf.Client;
using AeUpdater.Tuf.Fetching;

namespace AeUpdater.Delivery.Updating;

/// <summary>The signed repository <see cref="TufVersionFinder"/> updates an install from (made by <c>ae-updater repo</c>).</summary>
public sealed class TufVersionFinderOptions
{
    /// <summary>The repository's metadata URL (<c>http(s):</c> or <c>file:</c>).</summary>
    public required string MetadataUrl { get; init; }

    /// <summary>The repository's target base URL.</summary>
    public required string TargetBaseUrl { get; init; }

    /// <summary>The <c>root.json</c> shipped with the app; read only while the install has no trusted metadata yet.</summary>
    public string? TrustedRootPath { get; init; }

    /// <summary>The channel (default stable); a less stable one also gets the more stable releases.</summary>
    public Channel Channel { get; init; } = Channel.Stable;

    /// <summary>Reports the bytes of the archive download.</summary>
    public IProgress<DownloadProgress>? Progress { get; init; }

    /// <summary>The fetcher (default: <c>http(s):</c> and <c>file:</c>).</summary>
    public ITufFetcher? Fetcher { get; init; }

    /// <summary>The TUF client's limits.</summary>
    public UpdaterConfig? TufConfig { get; init; }

    /// <summary>The clock metadata expiry is checked against.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
