using AeUpdater.Delivery.Releases;
using AeUpdater.Tuf.Client;
using AeUpdater.Tuf.Fetching;

namespace AeUpdater.Delivery.Updating;

/// <summary>Where <see cref="ReleaseFetcher"/> finds an app's signed releases and keeps its trusted metadata.</summary>
public sealed class ReleaseFetcherOptions
{
    /// <summary>The repository's metadata URL (<c>http(s):</c> or <c>file:</c>).</summary>
    public required string MetadataUrl { get; init; }

    /// <summary>The repository's target base URL.</summary>
    public required string TargetBaseUrl { get; init; }

    /// <summary>The app's name, as given to <c>repo init --name</c>.</summary>
    public required string AppName { get; init; }

    /// <summary>The folder of the trusted TUF metadata (<c>root.json</c>, <c>timestamp.json</c>, ...); created on first use.</summary>
    public required string MetadataDirectory { get; init; }

    /// <summary>The <c>root.json</c> shipped with the app; read only while <see cref="MetadataDirectory"/> has no trusted root.</summary>
    public string? TrustedRootPath { get; init; }

    /// <summary>The channel: <see cref="Channel.Stable"/> (default) or a less stable one, which also gets the more stable releases.</summary>
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
