using System.IO.Compression;
using System.Security.Cryptography;
using AeUpdater.Delivery.Releases;
using AeUpdater.Tuf.Client;
using AeUpdater.Tuf.Fetching;
using AeUpdater.Tuf.Models;
using Microsoft.Extensions.Logging;
using NuGet.Versioning;

namespace AeUpdater.Delivery.Updating;

/// <summary>
/// What <see cref="UpdateClient"/> and <see cref="ReleaseFetcher"/> share: the trusted metadata folder set up from the
/// shipped root, the releases of an app in the refreshed targets, the choice of the version to install (channel,
/// required releases) and the check of an archive's content against its signed tar hash.
/// </summary>
internal static class ReleaseSource
{
    /// <summary>An updater over <paramref name="metadataDirectory"/>; the first call installs the shipped trusted root there.</summary>
    public static Updater CreateUpdater(string metadataDirectory, string? trustedRootPath, string metadataUrl, string downloadDirectory, string targetBaseUrl, ITufFetcher fetcher, UpdaterConfig? config, TimeProvider? timeProvider, ILogger logger)
    {
        if (!File.Exists(Path.Join(metadataDirectory, "root.json")))
        {
            if (trustedRootPath is null)
            {
                throw new DeliveryException($"{metadataDirectory} has no trusted root yet; give the trusted root file shipped with the app (--trusted-root).");
            }

            byte[] rootBytes;
            try
            {
                rootBytes = File.ReadAllBytes(trustedRootPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new DeliveryException($"Cannot read the trusted root '{trustedRootPath}': {ex.Message}", ex);
            }

            Directory.CreateDirectory(metadataDirectory);
            Updater.InitializeTrustedRoot(metadataDirectory, rootBytes);
        }

        return new Updater(metadataDirectory, metadataUrl, downloadDirectory, targetBaseUrl, fetcher, config, timeProvider, logger);
    }

    /// <summary>The releases (archives and patches) of <paramref name="appName"/> in the targets the refresh just verified and stored.</summary>
    public static async Task<IReadOnlyList<ReleaseTarget>> ReadReleasesAsync(Updater updater, string metadataDirectory, string appName, CancellationToken cancellationToken)
    {
        // Each entry used is looked up through the updater (delegations included).
        var targets = Metadata.FromBytes(File.ReadAllBytes(Path.Join(metadataDirectory, "targets.json"))).As<Targets>();
        var releases = new List<ReleaseTarget>();
        foreach (var name in targets.TargetFiles.Keys)
        {
            if (!name.StartsWith(appName + "-", StringComparison.Ordinal))
            {
                continue;
            }

            var info = await updater.GetTargetInfoAsync(name, cancellationToken).ConfigureAwait(false);
            if (info is not null && ReleaseNames.TryRead(appName, info) is { } release)
            {
                releases.Add(release);
            }
        }

        return releases;
    }

    /// <summary>
    /// The archive to install: the newest of the channel above <paramref name="installed"/>, or (tufup's rule) the first
    /// required release between them; <see langword="null"/> when nothing is newer.
    /// </summary>
    public static (ReleaseTarget Target, ReleaseTarget Newest)? Choose(IReadOnlyList<ReleaseTarget> releases, NuGetVersion? installed, Channel channel)
    {
        var candidates = releases
            .Where(r => !r.IsPatch && ReleaseNames.IsIn(r.Version, channel) && (installed is null || r.Version > installed))
            .OrderBy(r => r.Version)
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var newest = candidates[^1];
        var target = candidates.FirstOrDefault(r => r.Required && r.Version < newest.Version) ?? newest;
        return (target, newest);
    }

    /// <summary>
    /// Decompresses <paramref name="archivePath"/> and checks its tar stream against the signed tar length and SHA-256,
    /// writing the tar to <paramref name="tarOutput"/> when given.
    /// </summary>
    /// <exception cref="DeliveryException">Not gzip, longer than signed, or another content.</exception>
    public static void CheckTarDigest(string archivePath, ReleaseTarget target, Stream? tarOutput)
    {
        try
        {
            using var input = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
                if (total > target.TarLength)
                {
                    throw new DeliveryException($"{target.Target.Path}: the archive unpacks to more than the signed {target.TarLength} bytes; refused.");
                }

                hash.AppendData(buffer, 0, read);
                tarOutput?.Write(buffer, 0, read);
            }

            var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (total != target.TarLength || sha != target.TarSha256)
            {
                throw new DeliveryException($"{target.Target.Path}: the archive's content (tar SHA-256 {sha}, {total} bytes) does not match the signed metadata ({target.TarSha256}, {target.TarLength} bytes); refused.");
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DeliveryException($"{target.Target.Path}: not a valid gzip archive: {ex.Message}", ex);
        }
    }
}
