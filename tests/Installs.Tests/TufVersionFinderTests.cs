using System.Formats.Tar;
using System.IO.Compression;
using AeUpdater.Delivery.Publishing;
using AeUpdater.Delivery.Updating;
using AeUpdater.Installs.Tests.Support;
using NuGet.Versioning;

namespace AeUpdater.Installs.Tests;

/// <summary>
/// AutoUpdate over <see cref="TufVersionFinder"/>: a real signed repository (UpdateRepository) served through file: URLs,
/// the real test app installed and started through the real launcher.
/// </summary>
public sealed class TufVersionFinderTests : IDisposable
{
    private readonly InstallSandbox _sandbox = new();

    [Fact]
    public async Task AutoUpdate_SignedRepository_InstallsNewestStableKeepsTrustedMetadataUnderInstall()
    {
        _sandbox.InstallVersion("1.0.0");
        var repo = Repository(("1.0.0", false), ("1.1.0", false), ("1.2.0-beta.1", false));
        using var finder = Finder(repo);
        var stages = new List<AutoUpdateProgress>();

        var report = await AutoUpdate.RunAsync(_sandbox.Installer(), finder, stages.Add, InstallSandbox.Entry);

        Assert.True(report.Updated, report.Error);
        Assert.Equal("1.1.0", report.Version);
        Assert.Equal([AutoUpdateStatus.Searching, AutoUpdateStatus.Found, AutoUpdateStatus.Downloading, AutoUpdateStatus.Installing, AutoUpdateStatus.CleaningUp, AutoUpdateStatus.Done], stages.Select(s => s.Status));
        Assert.Contains(Path.Join(_sandbox.AppData, "updates", "download-demo-1.1.0-"), stages.Single(s => s.Status == AutoUpdateStatus.Downloading).Message, StringComparison.Ordinal);
        Assert.Equal("1.1.0", _sandbox.Launch().Version);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_sandbox.AppData, "updates")));
        Assert.Equal(Path.Join(_sandbox.AppData, ".tuf", "demo"), _sandbox.Installer().TrustedMetadataDirectory);
        foreach (var role in new[] { "root", "timestamp", "snapshot", "targets" })
        {
            Assert.True(File.Exists(Path.Join(_sandbox.AppData, ".tuf", "demo", role + ".json")), role);
        }

        // Again, without the shipped root (the install's trusted metadata is used): nothing newer in the stable channel.
        using var again = Finder(repo, trustedRoot: false);
        var second = await AutoUpdate.RunAsync(_sandbox.Installer(), again, null, InstallSandbox.Entry);
        Assert.False(second.Updated);
        Assert.Null(second.Error);
        Assert.Null(again.LastOffer);

        // The beta channel gets the pre-release.
        using var beta = Finder(repo, channel: Delivery.Releases.Channel.Beta);
        var third = await AutoUpdate.RunAsync(_sandbox.Installer(), beta, null, InstallSandbox.Entry);
        Assert.True(third.Updated, third.Error);
        Assert.Equal("1.2.0-beta.1", _sandbox.Launch().Version);
    }

    [Fact]
    public async Task AutoUpdate_RequiredReleaseBetween_InstalledFirstThenTheNewest()
    {
        _sandbox.InstallVersion("1.0.0");
        var repo = Repository(("1.0.0", false), ("1.1.0", true), ("1.2.0", false));

        using (var finder = Finder(repo))
        {
            var first = await AutoUpdate.RunAsync(_sandbox.Installer(), finder, null, InstallSandbox.Entry);
            Assert.True(first.Updated, first.Error);
            Assert.Equal("1.1.0", first.Version);
            Assert.True(finder.LastOffer!.StoppedAtRequired);
            Assert.Equal("1.2.0", finder.LastOffer.NewestVersion);
        }

        Assert.Equal("1.1.0", _sandbox.Launch().Version);
        using (var finder = Finder(repo))
        {
            var second = await AutoUpdate.RunAsync(_sandbox.Installer(), finder, null, InstallSandbox.Entry);
            Assert.True(second.Updated, second.Error);
            Assert.Equal("1.2.0", second.Version);
            Assert.False(finder.LastOffer!.StoppedAtRequired);
        }

        Assert.Equal("1.2.0", _sandbox.Launch().Version);
    }

    [Fact]
    public async Task AutoUpdate_TamperedArchiveInRepository_RefusedNothingInstalledNoFileLeft()
    {
        _sandbox.InstallVersion("1.0.0");
        var repo = Repository(("1.0.0", false), ("1.1.0", false));
        var target = repo.Releases.Single(r => !r.IsPatch && r.Version == NuGetVersion.Parse("1.1.0")).Target;
        var served = repo.ServedPath(target);

        // An attacker's archive of the same length: the test app with a 'crash' file instead of the signed content.
        var evil = TarGz(_sandbox.Source("1.1.0", crash: true));
        Array.Resize(ref evil, (int)target.Length);
        File.WriteAllBytes(served, evil);
        var before = _sandbox.Snapshot();
        using var finder = Finder(repo);
        var stages = new List<AutoUpdateProgress>();

        var report = await AutoUpdate.RunAsync(_sandbox.Installer(), finder, stages.Add, InstallSandbox.Entry);

        Assert.False(report.Updated);
        Assert.NotNull(report.Error);
        Assert.Contains("demo-1.1.0.tar.gz", report.Error, StringComparison.Ordinal);
        Assert.Contains("sha256", report.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(AutoUpdateStatus.Error, stages[^1].Status);
        Assert.Equal(["1.0.0"], _sandbox.Installer().GetVersions().Select(v => v.Version));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_sandbox.AppData, "updates")));
        Assert.Equal(before, string.Join("\n", _sandbox.Snapshot().Split('\n').Where(l => !l.StartsWith(".tuf", StringComparison.Ordinal))));
        Assert.Equal("1.0.0", _sandbox.Launch().Version);
    }

    [Fact]
    public async Task AutoUpdate_NoTrustedRootYet_ErrorNamesTheFolderNothingInstalled()
    {
        _sandbox.InstallVersion("1.0.0");
        var repo = Repository(("1.1.0", false));
        using var finder = Finder(repo, trustedRoot: false);

        var report = await AutoUpdate.RunAsync(_sandbox.Installer(), finder, null, InstallSandbox.Entry);

        Assert.False(report.Updated);
        Assert.Contains(Path.Join(_sandbox.AppData, ".tuf", "demo") + " has no trusted root yet", report.Error, StringComparison.Ordinal);
        Assert.Equal(["1.0.0"], _sandbox.Installer().GetVersions().Select(v => v.Version));
    }

    [Fact]
    public async Task FetchAsync_VersionNotOffered_Throws()
    {
        _sandbox.InstallVersion("1.0.0");
        var repo = Repository(("1.1.0", false));
        using var finder = Finder(repo);

        Assert.Equal("1.1.0", await finder.FindNewestVersionAsync("demo", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => finder.FetchAsync("demo", "9.9.9", _sandbox.Tree.PathOf("x.tar.gz"), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => finder.FindNewestVersionAsync("other", CancellationToken.None));
        Assert.False(File.Exists(_sandbox.Tree.PathOf("x.tar.gz")));
    }

    public void Dispose() => _sandbox.Dispose();

    private UpdateRepository Repository(params (string Version, bool Required)[] versions)
    {
        var repo = UpdateRepository.Init(_sandbox.Tree.PathOf("repo"), InstallSandbox.App, _sandbox.Tree.PathOf("keys"));
        foreach (var (version, required) in versions)
        {
            repo.Add(_sandbox.Source(version), NuGetVersion.Parse(version), required, makePatch: false);
        }

        return repo;
    }

    private TufVersionFinder Finder(UpdateRepository repo, bool trustedRoot = true, Delivery.Releases.Channel channel = Delivery.Releases.Channel.Stable) => new(
        _sandbox.Installer(),
        new TufVersionFinderOptions
        {
            MetadataUrl = new Uri(repo.MetadataDir + "/").AbsoluteUri,
            TargetBaseUrl = new Uri(repo.TargetsDir + "/").AbsoluteUri,
            TrustedRootPath = trustedRoot ? Path.Join(repo.MetadataDir, "1.root.json") : null,
            Channel = channel,
        });

    private static byte[] TarGz(string folder)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            TarFile.CreateFromDirectory(folder, gzip, includeBaseDirectory: false);
        }

        return buffer.ToArray();
    }
}
