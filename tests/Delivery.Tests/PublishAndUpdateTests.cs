using System.Text.Json.Nodes;
using AeUpdater.Delivery.Releases;
using AeUpdater.Delivery.Tests.Support;
using AeUpdater.Delivery.Updating;
using AeUpdater.Tuf.Models;
using AeUpdater.Tuf.Tests.Support;

namespace AeUpdater.Delivery.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PublishAndUpdateTests : IDisposable
{
    private readonly DeliveryFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void InitWritesStandardMetadataAndPrivateKeysOutsideTheServedFolders()
    {
        _f.Init();

        foreach (var name in new[] { "1.root.json", "root.json", "1.targets.json", "targets.json", "1.snapshot.json", "snapshot.json", "timestamp.json" })
        {
            Assert.True(File.Exists(Path.Join(_f.Repo, "metadata", name)), name);
        }

        var keys = Directory.GetFiles(Path.Join(_f.Repo, "keys"), "*.key.json");
        Assert.Equal(4, keys.Length);
        Assert.All(keys, k => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(k)));
        Assert.DoesNotContain(Directory.GetFiles(Path.Join(_f.Repo, "metadata"), "*", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains("private", StringComparison.Ordinal));
        var root = Metadata.FromBytes(File.ReadAllBytes(_f.TrustedRoot)).As<Root>();
        Assert.True(root.ConsistentSnapshot);
        Assert.Equal(365, (int)Math.Round((root.Expires - DateTimeOffset.UtcNow).TotalDays));

        var (exit, _, error) = _f.Cli("repo", "init", _f.Tree["repo2"], "--name", "X", "--keys", _f.Tree["repo2/metadata/keys"]);
        Assert.Equal(1, exit);
        Assert.Contains("must never be served", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_f.Tree["repo2/metadata/keys"]));

        (exit, _, error) = _f.Cli("repo", "init", _f.Repo, "--name", "DemoApp");
        Assert.Equal(1, exit);
        Assert.Contains("already a repository", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPublishesArchivesAndPatchesWithSignedTarHashes()
    {
        _f.Init();
        _f.Add("1.0.0", 1);
        _f.Add("1.1.0", 2);
        _f.Add("1.2.0", 3, "--no-patch");

        var targets = Metadata.FromBytes(File.ReadAllBytes(Path.Join(_f.Repo, "metadata", "targets.json"))).As<Targets>();
        Assert.Equal(["DemoApp-1.0.0.tar.gz", "DemoApp-1.1.0.patch", "DemoApp-1.1.0.tar.gz", "DemoApp-1.2.0.tar.gz"], targets.TargetFiles.Keys.Order(StringComparer.Ordinal));
        var patch = ReleaseNames.TryRead(DeliveryFixture.App, targets.TargetFiles["DemoApp-1.1.0.patch"])!;
        var archive = ReleaseNames.TryRead(DeliveryFixture.App, targets.TargetFiles["DemoApp-1.1.0.tar.gz"])!;
        Assert.Equal("1.0.0", patch.From!.ToNormalizedString());
        Assert.Equal(archive.TarSha256, patch.TarSha256);
        Assert.True(patch.Target.Length * 10 < archive.Target.Length, $"patch {patch.Target.Length} vs archive {archive.Target.Length}");
        Assert.Equal(4, targets.Version);

        // Versions must increase; SemVer 2.0 only.
        var (exit, _, error) = _f.Cli("repo", "add", _f.Repo, _f.Bundle(1), "--version", "1.1.5");
        Assert.Equal(1, exit);
        Assert.Contains("not above the newest published version 1.2.0", error, StringComparison.Ordinal);
        (exit, _, error) = _f.Cli("repo", "add", _f.Repo, _f.Bundle(1), "--version", "1.3");
        Assert.Equal(1, exit);
        Assert.Contains("not a SemVer 2.0 version", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientsUpdateByPatchesOrByArchiveAndCheckAllAppliesTheDropIns()
    {
        _f.Init();
        _f.Add("1.0.0", 1);
        var atOne = _f.Client("patched");
        var first = await atOne.UpdateAsync();
        Assert.Equal(UpdateStatus.Updated, first.Status);
        Assert.Equal("archive", first.Method);
        _f.AssertRootHolds("patched", 1);

        _f.Add("1.1.0", 2);
        _f.Add("1.2.0", 3);
        _f.Server.ClearRequests();
        var progress = new List<DownloadProgress>();
        var patched = await new UpdateClient(_f.Options("patched", progress: new SyncProgress(progress))).UpdateAsync();

        Assert.Equal(UpdateStatus.Updated, patched.Status);
        Assert.Equal("1.0.0", patched.InstalledVersion);
        Assert.Equal("1.2.0", patched.TargetVersion);
        Assert.Equal("patches", patched.Method);
        Assert.Null(patched.PatchFailure);
        Assert.Equal(["DemoApp-1.1.0.patch", "DemoApp-1.2.0.patch"], patched.Downloads);
        Assert.DoesNotContain(_f.Server.RequestList(), r => r.EndsWith(".tar.gz", StringComparison.Ordinal));
        Assert.Equal("1.2.0", atOne.GetInstalledVersion());
        _f.AssertRootHolds("patched", 3);
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Join(_f.RootOf("patched"), "app.txt")));
        Assert.NotEmpty(progress);
        Assert.Equal(progress[^1].TotalBytes, progress[^1].BytesReceived);

        var fresh = await _f.Client("fresh").UpdateAsync();
        Assert.Equal(UpdateStatus.Updated, fresh.Status);
        Assert.Null(fresh.InstalledVersion);
        Assert.Equal("archive", fresh.Method);
        Assert.Equal(["DemoApp-1.2.0.tar.gz"], fresh.Downloads);
        _f.AssertRootHolds("fresh", 3);

        var again = await _f.Client("fresh").UpdateAsync();
        Assert.Equal(UpdateStatus.UpToDate, again.Status);

        // Nothing is left in the state but the trusted metadata, installed.json and the installed tar.
        Assert.Empty(Directory.GetFiles(Path.Join(_f.StateOf("fresh"), "tuf", "downloads")));
        Assert.False(Directory.Exists(Path.Join(_f.StateOf("fresh"), "delivery", "staging")));

        // The engine applies the drop-in folder the archive brought.
        var destination = _f.Tree["usr"];
        var report = AppEnvUpdater.CheckAll(new UpdaterOptions
        {
            Root = _f.RootOf("fresh"),
            AppName = DeliveryFixture.App,
            DefaultDestination = destination,
            StateDirectory = _f.StateOf("fresh"),
        });
        Assert.False(report.HasFailures);
        Assert.Equal("settings of generation 3\n", File.ReadAllText(Path.Join(destination, "settings.txt")));
    }

    [Fact]
    public void TheUpdateCommandUpdatesAndReportsJson()
    {
        _f.Init();
        _f.Add("1.0.0", 1);
        string[] args =
        [
            "update", "--metadata-url", _f.Server.BaseUrl + "metadata/", "--target-base-url", _f.Server.BaseUrl + "targets/",
            "--trusted-root", _f.TrustedRoot, "--name", DeliveryFixture.App, "--root", _f.RootOf("cli"), "--state-dir", _f.StateOf("cli"), "--json",
        ];
        Directory.CreateDirectory(_f.RootOf("cli"));

        var (exit, output, error) = _f.Cli([.. args, "--dry-run"]);
        Assert.True(exit == 0, error);
        var json = JsonNode.Parse(output)!;
        Assert.Equal("updateAvailable", (string?)json["status"]);
        Assert.False(File.Exists(Path.Join(_f.RootOf("cli"), "app.txt")));

        (exit, output, error) = _f.Cli(args);
        Assert.True(exit == 0, error);
        Assert.Equal("updated", (string?)JsonNode.Parse(output)!["status"]);
        _f.AssertRootHolds("cli", 1);

        // A compromised mirror serves other bytes for both the patch and the archive: refused, the root stays at 1.0.0.
        _f.Add("1.1.0", 2);
        File.WriteAllBytes(_f.Served("DemoApp-1.1.0.tar.gz"), [1, 2, 3]);
        File.WriteAllBytes(_f.Served("DemoApp-1.1.0.patch"), [1, 2, 3]);
        (exit, _, error) = _f.Cli([.. args.Where(a => a != "--json")]);
        Assert.Equal(1, exit);
        Assert.Contains("nothing was installed", error, StringComparison.Ordinal);
        Assert.Contains("DemoApp-1.1.0.tar.gz", error, StringComparison.Ordinal);
        _f.AssertRootHolds("cli", 1);
    }

    [Fact]
    public async Task ATamperedPatchFallsBackToTheArchive()
    {
        _f.Init();
        _f.Add("1.0.0", 1);
        Assert.Equal(UpdateStatus.Updated, (await _f.Client("c").UpdateAsync()).Status);
        _f.Add("1.1.0", 2);
        var served = _f.Served("DemoApp-1.1.0.patch");
        var bytes = File.ReadAllBytes(served);
        bytes[^5] ^= 0xff;
        File.WriteAllBytes(served, bytes);

        var result = await _f.Client("c").UpdateAsync();

        Assert.Equal(UpdateStatus.Updated, result.Status);
        Assert.Equal("archive", result.Method);
        Assert.Contains("DemoApp-1.1.0.patch", result.PatchFailure, StringComparison.Ordinal);
        Assert.Contains("hash", result.PatchFailure, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["DemoApp-1.1.0.patch", "DemoApp-1.1.0.tar.gz"], result.Downloads);
        _f.AssertRootHolds("c", 2);
    }

    [Fact]
    public async Task ATamperedArchiveIsRefusedAndNothingIsInstalled()
    {
        _f.Init();
        _f.Add("1.0.0", 1);
        var served = _f.Served("DemoApp-1.0.0.tar.gz");
        var bytes = File.ReadAllBytes(served);
        bytes[bytes.Length / 2] ^= 0xff;
        File.WriteAllBytes(served, bytes);

        var result = await _f.Client("c").UpdateAsync();

        Assert.Equal(UpdateStatus.Failed, result.Status);
        Assert.Contains("DemoApp-1.0.0.tar.gz", result.Error, StringComparison.Ordinal);
        Assert.Contains("hash", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFileSystemEntries(_f.RootOf("c")));
        Assert.Null(_f.Client("c").GetInstalledVersion());
        Assert.Empty(Directory.GetFiles(Path.Join(_f.StateOf("c"), "tuf", "downloads")));
    }

    [Fact]
    public async Task AnInterruptedDownloadLeavesNothing()
    {
        _f.Init();
        _f.Add("1.0.0", 1);
        var served = _f.Served("DemoApp-1.0.0.tar.gz");
        var bytes = File.ReadAllBytes(served);
        _f.Server.Handler = path => path.EndsWith(".tar.gz", StringComparison.Ordinal)
            ? new ServerResponse { Body = bytes[..(bytes.Length / 3)] }
            : null;

        var result = await _f.Client("c").UpdateAsync();

        Assert.Equal(UpdateStatus.Failed, result.Status);
        Assert.Contains("DemoApp-1.0.0.tar.gz", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_f.RootOf("c")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_f.StateOf("c"), "tuf", "downloads")));
        Assert.False(File.Exists(Path.Join(_f.StateOf("c"), "installed.json")));

        _f.Server.Handler = null;
        Assert.Equal(UpdateStatus.Updated, (await _f.Client("c").UpdateAsync()).Status);
        _f.AssertRootHolds("c", 1);
    }

    [Fact]
    public async Task ARequiredReleaseIsInstalledBeforeTheNewest()
    {
        _f.Init();
        _f.Add("1.0.0", 1);
        Assert.Equal(UpdateStatus.Updated, (await _f.Client("c").UpdateAsync()).Status);
        _f.Add("1.1.0", 2, "--required");
        _f.Add("1.2.0", 3);

        var first = await _f.Client("c").UpdateAsync();
        Assert.Equal(UpdateStatus.Updated, first.Status);
        Assert.Equal("1.1.0", first.TargetVersion);
        Assert.Equal("1.2.0", first.NewestVersion);
        Assert.True(first.StoppedAtRequired);
        Assert.Equal(["DemoApp-1.1.0.patch"], first.Downloads);
        _f.AssertRootHolds("c", 2);

        var second = await _f.Client("c").UpdateAsync();
        Assert.Equal("1.2.0", second.TargetVersion);
        Assert.False(second.StoppedAtRequired);
        _f.AssertRootHolds("c", 3);

        // A fresh client stops at the required release too.
        var fresh = await _f.Client("fresh").UpdateAsync();
        Assert.Equal("1.1.0", fresh.TargetVersion);
    }

    [Fact]
    public async Task ChannelsOfferTheirOwnAndMoreStableReleases()
    {
        _f.Init();
        _f.Add("1.0.0", 1);
        _f.Add("1.1.0-alpha.1", 2);
        _f.Add("1.1.0-beta.1", 2);
        _f.Add("1.1.0-rc.1", 3);

        async Task<string?> NewestFor(string client, Channel channel) =>
            (await new UpdateClient(_f.Options(client, channel)).UpdateAsync()).TargetVersion;

        foreach (var name in new[] { "stable", "rc", "beta", "alpha" })
        {
            Directory.CreateDirectory(_f.RootOf(name));
        }

        Assert.Equal("1.0.0", await NewestFor("stable", Channel.Stable));
        Assert.Equal("1.1.0-rc.1", await NewestFor("rc", Channel.Rc));
        Assert.Equal("1.1.0-rc.1", await NewestFor("beta", Channel.Beta));
        _f.Add("1.2.0-alpha.1", 3);
        Assert.Null(await NewestFor("rc", Channel.Rc));
        Assert.Equal("1.2.0-alpha.1", await NewestFor("alpha", Channel.Alpha));
        Assert.Equal("1.2.0-alpha.1", _f.Client("alpha").GetInstalledVersion());
        Assert.Equal("1.1.0-rc.1", _f.Client("rc").GetInstalledVersion());
        Assert.Equal("1.0.0", _f.Client("stable").GetInstalledVersion());
    }

    [Fact]
    public async Task SignRenewsExpiriesAndRotateKeyIsFollowedByClients()
    {
        _f.Init();
        _f.Add("1.0.0", 1);
        Assert.Equal(UpdateStatus.Updated, (await _f.Client("c").UpdateAsync()).Status);
        var timestamp = Read<Timestamp>("timestamp.json");

        _f.CliOk("repo", "sign", _f.Repo, "--role", "timestamp");
        Assert.Equal(timestamp.Version + 1, Read<Timestamp>("timestamp.json").Version);
        Assert.Equal(1, (int)Math.Round((Read<Timestamp>("timestamp.json").Expires - DateTimeOffset.UtcNow).TotalDays));
        Assert.Equal(7, (int)Math.Round((Read<Targets>("targets.json").Expires - DateTimeOffset.UtcNow).TotalDays));

        var oldTargetsKey = Read<Root>("root.json").Roles["targets"].KeyIds.Single();
        var oldRootKey = Read<Root>("root.json").Roles["root"].KeyIds.Single();
        _f.CliOk("repo", "rotate-key", _f.Repo, "--role", "targets");
        _f.CliOk("repo", "rotate-key", _f.Repo, "--role", "root");
        var root = Read<Root>("root.json");
        Assert.Equal(3, root.Version);
        Assert.NotEqual(oldTargetsKey, root.Roles["targets"].KeyIds.Single());
        Assert.NotEqual(oldRootKey, root.Roles["root"].KeyIds.Single());
        Assert.Equal(2, Directory.GetFiles(Path.Join(_f.Repo, "keys", "retired")).Length);
        Assert.Equal(4, Directory.GetFiles(Path.Join(_f.Repo, "keys"), "*.key.json").Length);

        // A client trusting root 1 follows both rotations and installs a release signed with the new keys.
        _f.Add("1.1.0", 2);
        var result = await _f.Client("c").UpdateAsync();
        Assert.True(result.Status == UpdateStatus.Updated, result.Error);
        _f.AssertRootHolds("c", 2);
        Assert.Equal(3, Metadata.FromBytes(File.ReadAllBytes(Path.Join(_f.StateOf("c"), "tuf", "metadata", "root.json"))).As<Root>().Version);

        var (exit, _, error) = _f.Cli("repo", "sign", _f.Repo, "--role", "nope");
        Assert.Equal(1, exit);
        Assert.Contains("'nope' is not a role", error, StringComparison.Ordinal);
    }

    private T Read<T>(string file)
        where T : SignedPayload => Metadata.FromBytes(File.ReadAllBytes(Path.Join(_f.Repo, "metadata", file))).As<T>();

    private sealed class SyncProgress(List<DownloadProgress> list) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => list.Add(value);
    }
}
