using AeUpdater.Delivery.Releases;
using AeUpdater.Tuf;
using AeUpdater.Tuf.Client;
using AeUpdater.Tuf.Fetching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NuGet.Versioning;

namespace AeUpdater.Delivery.Updating;

/// <summary>
/// Finds and downloads an app's newest eligible signed archive without installing it, for installers that put each
/// version in a folder of its own (<c>AeUpdater.Installs</c>): the same refresh, channel and required-release rule as
/// <see cref="UpdateClient"/>, and the same checks (the archive's signed length and hashes, then its tar length and
/// SHA-256). Patches are not used: they apply to the installed version's tar, which only <see cref="UpdateClient"/> keeps.
/// Not thread-safe; one instance per update.
/// </summary>
public sealed partial class ReleaseFetcher : IDisposable
{
    private readonly ReleaseFetcherOptions _options;
    private readonly ILogger _logger;
    private ProgressFetcher? _fetcher;
    private Updater? _updater;
    private bool _disposed;

    /// <summary>Creates the fetcher; nothing is read or fetched yet.</summary>
    /// <exception cref="ArgumentException">An option is missing or invalid.</exception>
    public ReleaseFetcher(ReleaseFetcherOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ReleaseNames.IsValidAppName(options.AppName))
        {
            throw new ArgumentException($"AppName: '{options.AppName}' is not a valid app name.", nameof(options));
        }

        if (string.IsNullOrEmpty(options.MetadataDirectory))
        {
            throw new ArgumentException("MetadataDirectory: required.", nameof(options));
        }

        _options = options;
        _logger = logger ?? NullLogger.Instance;
        MetadataDirectory = Path.GetFullPath(options.MetadataDirectory);
    }

    /// <summary>The trusted metadata folder in use.</summary>
    public string MetadataDirectory { get; }

    /// <summary>
    /// Refreshes the trusted metadata (the shipped root on first use) and picks the version to install: the newest of the
    /// channel above <paramref name="installedVersion"/>, or the first required release between them.
    /// </summary>
    /// <param name="installedVersion">The installed version (SemVer 2.0), or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The offer, or <see langword="null"/> when nothing newer is in the channel.</returns>
    /// <exception cref="TufException">The metadata cannot be fetched or does not verify.</exception>
    /// <exception cref="DeliveryException">No trusted root, or it cannot be read.</exception>
    public async Task<ReleaseOffer?> FindAsync(string? installedVersion, CancellationToken cancellationToken = default)
    {
        NuGetVersion? installed = null;
        if (installedVersion is not null && !NuGetVersion.TryParse(installedVersion, out installed))
        {
            throw new ArgumentException($"'{installedVersion}' is not a SemVer 2.0 version.", nameof(installedVersion));
        }

        var updater = await RefreshedAsync(cancellationToken).ConfigureAwait(false);
        var releases = await ReleaseSource.ReadReleasesAsync(updater, MetadataDirectory, _options.AppName, cancellationToken).ConfigureAwait(false);
        if (ReleaseSource.Choose(releases, installed, _options.Channel) is not { } chosen)
        {
            LogNothingNewer(_logger, _options.AppName, installedVersion ?? "none");
            return null;
        }

        var offer = new ReleaseOffer(chosen.Target.Version.ToNormalizedString(), chosen.Newest.Version.ToNormalizedString(), chosen.Target != chosen.Newest, chosen.Target);
        LogFound(_logger, _options.AppName, offer.Version, offer.NewestVersion);
        return offer;
    }

    /// <summary>
    /// Downloads the offer's archive to <paramref name="destinationPath"/>, verified: streamed into a temporary file
    /// beside it with its signed length and hashes checked, then its tar stream checked against the signed tar length and
    /// SHA-256, flushed, and only then renamed to <paramref name="destinationPath"/>. On any failure nothing is left at
    /// either name.
    /// </summary>
    /// <param name="offer">What <see cref="FindAsync"/> returned (the metadata is refreshed first when this instance has not done it).</param>
    /// <param name="destinationPath">The <c>.tar.gz</c> to write; its folder is created.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A task that completes when the verified file is in place.</returns>
    /// <exception cref="TufException">The download failed or its length or hashes differ from the signed ones.</exception>
    /// <exception cref="DeliveryException">The archive's content differs from its signed tar hash, or it is no gzip.</exception>
    public async Task DownloadArchiveAsync(ReleaseOffer offer, string destinationPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        var updater = await RefreshedAsync(cancellationToken).ConfigureAwait(false);
        var destination = Path.GetFullPath(destinationPath);
        var unverified = destination + ".unverified";
        try
        {
            _fetcher!.Current = offer.Archive.Target;
            File.Delete(unverified);
            await updater.DownloadTargetAsync(offer.Archive.Target, unverified, cancellationToken: cancellationToken).ConfigureAwait(false);
            ReleaseSource.CheckTarDigest(unverified, offer.Archive, tarOutput: null);
            File.Move(unverified, destination, overwrite: true);
            LogDownloaded(_logger, offer.Archive.Target.Path, destination);
        }
        finally
        {
            _fetcher!.Current = null;
            AtomicWrite.TryDelete(unverified);
        }
    }

    /// <summary>Refreshes, picks the version to install and downloads its verified archive into <paramref name="folder"/> (named as in the repository).</summary>
    /// <param name="installedVersion">The installed version, or <see langword="null"/>.</param>
    /// <param name="folder">The folder to download into; created.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The offer and the archive's path, or <see langword="null"/> when nothing newer is in the channel.</returns>
    public async Task<(ReleaseOffer Offer, string ArchivePath)?> DownloadNewestAsync(string? installedVersion, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (await FindAsync(installedVersion, cancellationToken).ConfigureAwait(false) is not { } offer)
        {
            return null;
        }

        var path = Path.Join(Path.GetFullPath(folder), Path.GetFileName(offer.Archive.Target.Path));
        await DownloadArchiveAsync(offer, path, cancellationToken).ConfigureAwait(false);
        return (offer, path);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _updater?.Dispose();
        _fetcher?.Dispose();
        _updater = null;
        _fetcher = null;
        _disposed = true;
    }

    private async Task<Updater> RefreshedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_updater is not null)
        {
            return _updater;
        }

        _fetcher = new ProgressFetcher(_options.Fetcher ?? new DefaultFetcher(), _options.Fetcher is null, _options.Progress);
        var updater = ReleaseSource.CreateUpdater(MetadataDirectory, _options.TrustedRootPath, _options.MetadataUrl, Path.GetTempPath(), _options.TargetBaseUrl, _fetcher, _options.TufConfig, _options.TimeProvider, _logger);
        try
        {
            await updater.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            updater.Dispose();
            throw;
        }

        _updater = updater;
        return updater;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{App}: nothing newer than {Installed} in the channel")]
    private static partial void LogNothingNewer(ILogger logger, string app, string installed);

    [LoggerMessage(Level = LogLevel.Information, Message = "{App}: {Version} is to be installed (newest {Newest})")]
    private static partial void LogFound(ILogger logger, string app, string version, string newest);

    [LoggerMessage(Level = LogLevel.Information, Message = "Downloaded {Target} to {Path}; its length, hashes and tar hash match the signed metadata")]
    private static partial void LogDownloaded(ILogger logger, string target, string path);
}
