using System.Text;
using AeUpdater.Tuf.Client;
using AeUpdater.Tuf.Tests.Support;

namespace AeUpdater.Tuf.Tests;

public class UpdaterTests
{
    [Fact]
    public async Task Refresh_NewClient_StoresExactBytesOfEachRole()
    {
        using var repo = new TestRepo();
        repo.AddTarget("app/file.txt", Encoding.UTF8.GetBytes("hello"));
        repo.InitClient();

        using var updater = repo.NewUpdater();
        await updater.RefreshAsync();

        Assert.Equal(repo.Served("timestamp.json"), repo.Stored("timestamp.json"));
        Assert.Equal(repo.Served("snapshot.json"), repo.Stored("snapshot.json"));
        Assert.Equal(repo.Served("targets.json"), repo.Stored("targets.json"));
        Assert.Equal(repo.Served("1.root.json"), repo.Stored("root.json"));
        Assert.Equal(["root.json", "snapshot.json", "targets.json", "timestamp.json"], Directory.GetFiles(repo.ClientMetadataDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Refresh_ConsistentSnapshot_RequestsVersionedNames()
    {
        using var repo = new TestRepo();
        repo.AddTarget("a.txt", [1, 2, 3]);
        repo.InitClient();

        using var updater = repo.NewUpdater();
        await updater.RefreshAsync();

        Assert.Equal(["/metadata/2.root.json", "/metadata/timestamp.json", "/metadata/2.snapshot.json", "/metadata/2.targets.json"], repo.Server.RequestList());
    }

    [Fact]
    public async Task Refresh_NotConsistentSnapshot_RequestsPlainNames()
    {
        using var repo = new TestRepo(consistentSnapshot: false);
        repo.AddTarget("a.txt", [1, 2, 3]);
        repo.InitClient();

        using var updater = repo.NewUpdater();
        var info = await updater.GetTargetInfoAsync("a.txt");
        await updater.DownloadTargetAsync(info!);

        Assert.Equal(["/metadata/2.root.json", "/metadata/timestamp.json", "/metadata/snapshot.json", "/metadata/targets.json", "/targets/a.txt"], repo.Server.RequestList());
    }

    [Fact]
    public async Task DownloadTarget_ConsistentSnapshot_FetchesHashPrefixedNameAndStoresVerifiedFile()
    {
        using var repo = new TestRepo();
        var content = Encoding.UTF8.GetBytes("payload v1");
        var target = repo.AddTarget("dir/sub/file.bin", content);
        repo.InitClient();

        using var updater = repo.NewUpdater();
        var info = await updater.GetTargetInfoAsync("dir/sub/file.bin");
        var path = await updater.DownloadTargetAsync(info!);

        Assert.Equal(Path.Join(repo.ClientTargetsDir, "dir%2Fsub%2Ffile.bin"), path);
        Assert.Equal(content, File.ReadAllBytes(path));
        Assert.Contains($"/targets/dir/sub/{target.Hashes["sha256"]}.file.bin", repo.Server.RequestList());
        Assert.Single(Directory.GetFiles(repo.ClientTargetsDir));
    }

    [Fact]
    public async Task DownloadTarget_AlreadyPresentWithRightHash_IsNotRequestedAgain()
    {
        using var repo = new TestRepo();
        repo.AddTarget("a.txt", [7, 7, 7]);
        repo.InitClient();
        using (var first = repo.NewUpdater())
        {
            await first.DownloadTargetAsync((await first.GetTargetInfoAsync("a.txt"))!);
        }

        repo.Server.ClearRequests();
        using var updater = repo.NewUpdater();
        var info = await updater.GetTargetInfoAsync("a.txt");
        Assert.NotNull(updater.FindCachedTarget(info!));
        await updater.DownloadTargetAsync(info!);

        Assert.DoesNotContain(repo.Server.RequestList(), r => r.StartsWith("/targets/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DownloadTarget_PresentWithWrongContent_IsDownloadedAgain()
    {
        using var repo = new TestRepo();
        repo.AddTarget("a.txt", [7, 7, 7]);
        repo.InitClient();
        Directory.CreateDirectory(repo.ClientTargetsDir);
        File.WriteAllBytes(Path.Join(repo.ClientTargetsDir, "a.txt"), [6, 6, 6]);

        using var updater = repo.NewUpdater();
        var info = await updater.GetTargetInfoAsync("a.txt");
        Assert.Null(updater.FindCachedTarget(info!));
        var path = await updater.DownloadTargetAsync(info!);

        Assert.Equal(new byte[] { 7, 7, 7 }, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task GetTargetInfo_UnknownTarget_ReturnsNull()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        using var updater = repo.NewUpdater();

        Assert.Null(await updater.GetTargetInfoAsync("missing"));
    }

    [Fact]
    public async Task Refresh_SecondRefreshWithNothingNew_KeepsStoredTimestamp()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        using (var first = repo.NewUpdater())
        {
            await first.RefreshAsync();
        }

        var before = File.GetLastWriteTimeUtc(Path.Join(repo.ClientMetadataDir, "timestamp.json"));
        repo.Server.ClearRequests();
        using var updater = repo.NewUpdater();
        await updater.RefreshAsync();

        // The stored snapshot and targets are valid: only root N+1 and timestamp are requested.
        Assert.Equal(["/metadata/2.root.json", "/metadata/timestamp.json"], repo.Server.RequestList());
        Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Join(repo.ClientMetadataDir, "timestamp.json")));
    }

    [Fact]
    public async Task Refresh_FileUrl_WorksWithoutServer()
    {
        using var repo = new TestRepo();
        repo.AddTarget("a.txt", [1]);
        repo.InitClient();

        using var updater = new Updater(repo.ClientMetadataDir, new Uri(repo.MetadataDir).AbsoluteUri, repo.ClientTargetsDir, new Uri(repo.TargetsDir).AbsoluteUri, timeProvider: repo.Time);
        var info = await updater.GetTargetInfoAsync("a.txt");
        var path = await updater.DownloadTargetAsync(info!);

        Assert.Equal(new byte[] { 1 }, File.ReadAllBytes(path));
        Assert.Empty(repo.Server.RequestList());
    }

    [Fact]
    public async Task Refresh_UrlWithEscapedSlash_IsRequestedVerbatim()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        using var updater = new Updater(repo.ClientMetadataDir, repo.Server.BaseUrl + "a%2Fb/../metadata/", timeProvider: repo.Time);

        await Assert.ThrowsAsync<DownloadHttpException>(() => updater.RefreshAsync());

        Assert.Equal("/a%2Fb/../metadata/2.root.json", repo.Server.RequestList()[0]);
    }

    [Fact]
    public void Updater_NoTrustedRoot_ThrowsStorageError()
    {
        using var tree = TempTree.Create();

        var ex = Assert.Throws<StorageException>(() => new Updater(tree.Root, "http://127.0.0.1:9/"));
        Assert.Contains("root.json", ex.Message, StringComparison.Ordinal);
    }
}
