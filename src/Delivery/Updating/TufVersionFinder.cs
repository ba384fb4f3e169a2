using AeUpdater.Installs;
using Microsoft.Extensions.Logging;

namespace AeUpdater.Delivery.Updating;

/// <summary>
/// The signed-delivery <see cref="IVersionFinder"/> for an install: refreshes the install's trusted TUF metadata (kept in
/// <see cref="AppInstaller.TrustedMetadataDirectory"/>), offers the newest version of the channel above the version the
/// launcher starts now (or the first required release before it, as <see cref="UpdateClient"/> does), and fetches that
/// version's archive verified against its signed length, hashes and tar hash before it is renamed to the download
/// path (<see cref="ReleaseFetcher"/>). Always the whole archive: patches need the installed version's tar, which a
/// versioned install does not keep.
/// </summary>
public sealed class TufVersionFinder : IVersionFinder, IDisposable
{
    private readonly AppInstaller _installer;
    private readonly TufVersionFinderOptions _options;
    private readonly ILogger? _logger;
    private ReleaseFetcher? _fetcher;
    private ReleaseOffer? _offer;

    /// <summary>Creates the finder for <paramref name="installer"/>'s install.</summary>
    /// <param name="installer">The install (its app name and trusted metadata folder are used).</param>
    /// <param name="options">The repository.</param>
    /// <param name="logger">Logs the refresh and download.</param>
    public TufVersionFinder(AppInstaller installer, TufVersionFinderOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(installer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.MetadataUrl);
        ArgumentException.ThrowIfNullOrEmpty(options.TargetBaseUrl);
        _installer = installer;
        _options = options;
        _logger = logger;
    }

    /// <summary>The last offer found: the version, the newest of the channel, whether it is a required release stopped at.</summary>
    public ReleaseOffer? LastOffer => _offer;

    /// <inheritdoc/>
    public async Task<string?> FindNewestVersionAsync(string appName, CancellationToken cancellationToken)
    {
        CheckApp(appName);
        _fetcher?.Dispose();
        _offer = null;
        _fetcher = new ReleaseFetcher(
            new ReleaseFetcherOptions
            {
                MetadataUrl = _options.MetadataUrl,
                TargetBaseUrl = _options.TargetBaseUrl,
                AppName = _installer.AppName,
                MetadataDirectory = _installer.TrustedMetadataDirectory,
                TrustedRootPath = _options.TrustedRootPath,
                Channel = _options.Channel,
                Progress = _options.Progress,
                Fetcher = _options.Fetcher,
                TufConfig = _options.TufConfig,
                TimeProvider = _options.TimeProvider,
            },
            _logger);
        var installed = _installer.GetVersions().FirstOrDefault(v => v.Current)?.Version;
        _offer = await _fetcher.FindAsync(installed, cancellationToken).ConfigureAwait(false);
        return _offer?.Version;
    }

    /// <inheritdoc/>
    public async Task FetchAsync(string appName, string version, string destinationPath, CancellationToken cancellationToken)
    {
        CheckApp(appName);
        if (_fetcher is null || _offer is null || _offer.Version != version)
        {
            throw new InvalidOperationException($"{appName} {version} was not offered by the last FindNewestVersionAsync call.");
        }

        await _fetcher.DownloadArchiveAsync(_offer, destinationPath, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _fetcher?.Dispose();
        _fetcher = null;
    }

    private void CheckApp(string appName)
    {
        if (!string.Equals(appName, _installer.AppName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"This finder serves {_installer.AppName}, not '{appName}'.", nameof(appName));
        }
    }
}
