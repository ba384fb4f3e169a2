using System.Text.Json.Nodes;
using AeUpdater.Delivery.Publishing;
using AeUpdater.Delivery.Tests.Support;
using AeUpdater.Delivery.Updating;

namespace AeUpdater.Delivery.Tests;

/// <summary><see cref="ReleaseFetcher"/> over the loopback server: the same choice as UpdateClient, a verified download or none.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReleaseFetcherTests : IDisposable
{
    private readonly DeliveryFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task DownloadNewestAsync_ArchiveMatchesTheSignedHashes_WrittenWithItsRepositoryName()
    {
        _f.Init();
        _f.Add("1.0.0", 1);
        _f.Add("1.1.0", 2);
        using var fetcher = Fetcher();

        var result = await fetcher.DownloadNewestAsync("1.0.0", _f.Tree["work"]);

        Assert.NotNull(result);
        Assert.Equal("1.1.0", result.Value.Offer.Version);
        Assert.Equal(Path.Join(_f.Tree["work"], "DemoApp-1.1.0.tar.gz"), result.Value.ArchivePath);
        Assert.Equal(File.ReadAllBytes(_f.Served("DemoApp-1.1.0.tar.gz")), File.ReadAllBytes(result.Value.ArchivePath));
        Assert.Equal(["DemoApp-1.1.0.tar.gz"], Directory.GetFiles(_f.Tree["work"]).Select(Path.GetFileName));
        Assert.Null(await fetcher.FindAsync("1.1.0"));
    }

    [Fact]
    public async Task DownloadArchiveAsync_SignedTarHashDiffers_RefusedNothingLeft()
    {
        _f.Init();
        _f.Add("1.0.0", 1);

        // The archive's signed length and hashes are right, but the signed tar hash is not that of its content (a
        // publisher's mistake or a compromised targets key that re-signed other custom data): refused after the download.
        var targetsPath = Path.Join(_f.Repo, "metadata", "targets.json");
        var targets = JsonNode.Parse(File.ReadAllText(targetsPath))!;
        targets["signed"]!["targets"]!["DemoApp-1.0.0.tar.gz"]!["custom"]!["aeupdater"]!["tar_sha256"] = new string('0', 64);
        File.WriteAllText(targetsPath, targets.ToJsonString());
        UpdateRepository.Open(_f.Repo).Sign("targets");
        using var fetcher = Fetcher();
        var offer = await fetcher.FindAsync(null);
        Assert.NotNull(offer);
        var destination = _f.Tree["work/DemoApp-1.0.0.tar.gz"];

        var error = await Assert.ThrowsAsync<DeliveryException>(() => fetcher.DownloadArchiveAsync(offer, destination));

        Assert.Contains("does not match the signed metadata", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_f.Tree["work"]));
    }

    [Fact]
    public async Task DownloadArchiveAsync_ServedBytesDiffer_RefusedNothingLeft()
    {
        _f.Init();
        _f.Add("1.0.0", 1);
        var served = _f.Served("DemoApp-1.0.0.tar.gz");
        var bytes = File.ReadAllBytes(served);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(served, bytes);
        using var fetcher = Fetcher();
        var offer = await fetcher.FindAsync(null);

        await Assert.ThrowsAnyAsync<Tuf.TufException>(() => fetcher.DownloadArchiveAsync(offer!, _f.Tree["work/a.tar.gz"]));

        Assert.Empty(Directory.GetFileSystemEntries(_f.Tree["work"]));
    }

    private ReleaseFetcher Fetcher()
    {
        Directory.CreateDirectory(_f.Tree["work"]);
        return new ReleaseFetcher(new ReleaseFetcherOptions
        {
            MetadataUrl = _f.Server.BaseUrl + "metadata/",
            TargetBaseUrl = _f.Server.BaseUrl + "targets/",
            AppName = DeliveryFixture.App,
            MetadataDirectory = _f.Tree["client/metadata"],
            TrustedRootPath = _f.TrustedRoot,
        });
    }
}
