using AeUpdater.Tuf.Client;
using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Models;
using AeUpdater.Tuf.Tests.Support;

namespace AeUpdater.Tuf.Tests;

public class DelegationTests
{
    [Fact]
    public async Task GetTargetInfo_DelegationTree_VisitsRolesInPreOrder()
    {
        using var repo = new TestRepo(consistentSnapshot: false);
        using var key = TufSigner.Generate();
        Delegate(repo, "targets", "A", key);
        Delegate(repo, "targets", "B", key);
        Delegate(repo, "A", "C", key);
        Delegate(repo, "A", "D", key);
        repo.Publish();
        repo.InitClient();

        using var updater = repo.NewUpdater();
        Assert.Null(await updater.GetTargetInfoAsync("nowhere"));

        Assert.Equal(["A", "C", "D", "B"], DelegatedRequests(repo));
    }

    [Fact]
    public async Task GetTargetInfo_TargetInSecondBranch_IsFoundThere()
    {
        using var repo = new TestRepo(consistentSnapshot: false);
        using var key = TufSigner.Generate();
        Delegate(repo, "targets", "A", key);
        Delegate(repo, "targets", "B", key);
        repo.Publish();
        var target = repo.AddTarget("file.txt", [4, 2], role: "B");
        repo.InitClient();

        using var updater = repo.NewUpdater();
        var info = await updater.GetTargetInfoAsync("file.txt");

        Assert.Equal(target.Hashes, info!.Hashes);
        Assert.Equal(["A", "B"], DelegatedRequests(repo));
    }

    [Fact]
    public async Task GetTargetInfo_TerminatingRoleWithoutTarget_StopsTheSearch()
    {
        using var repo = new TestRepo(consistentSnapshot: false);
        using var key = TufSigner.Generate();
        Delegate(repo, "targets", "A", key, terminating: true);
        Delegate(repo, "targets", "B", key);
        repo.Publish();
        repo.AddTarget("file.txt", [1], role: "B");
        repo.InitClient();

        using var updater = repo.NewUpdater();

        Assert.Null(await updater.GetTargetInfoAsync("file.txt"));
        Assert.Equal(["A"], DelegatedRequests(repo));
    }

    [Fact]
    public async Task GetTargetInfo_TerminatingRoleDeeperInTheTree_StopsTheWholeSearch()
    {
        using var repo = new TestRepo(consistentSnapshot: false);
        using var key = TufSigner.Generate();
        Delegate(repo, "targets", "A", key);
        Delegate(repo, "targets", "B", key);
        Delegate(repo, "A", "C", key, terminating: true);
        repo.Publish();
        repo.AddTarget("file.txt", [1], role: "B");
        repo.InitClient();

        using var updater = repo.NewUpdater();

        // C matches and is terminating: B, a sibling of C's parent still waiting to be visited, is not searched.
        Assert.Null(await updater.GetTargetInfoAsync("file.txt"));
        Assert.Equal(["A", "C"], DelegatedRequests(repo));
    }

    [Fact]
    public async Task GetTargetInfo_Cycle_VisitsEachRoleOnce()
    {
        using var repo = new TestRepo(consistentSnapshot: false);
        using var key = TufSigner.Generate();
        Delegate(repo, "targets", "A", key);
        Delegate(repo, "A", "B", key);
        Delegate(repo, "B", "A", key);
        repo.Publish();
        repo.InitClient();

        using var updater = repo.NewUpdater();

        Assert.Null(await updater.GetTargetInfoAsync("file.txt"));
        Assert.Equal(["A", "B"], DelegatedRequests(repo));
    }

    [Fact]
    public async Task GetTargetInfo_PathPatternsNotMatching_RoleNotVisited()
    {
        using var repo = new TestRepo(consistentSnapshot: false);
        using var key = TufSigner.Generate();
        repo.Repository.AddDelegation("targets", new DelegatedRole("images", [], 1, false, ["images/*.png"]), [key]);
        repo.Repository.AddDelegation("targets", new DelegatedRole("docs", [], 1, false, ["docs/*/*.md"]), [key]);
        repo.Publish();
        repo.AddTarget("docs/en/readme.md", [1], role: "docs");
        repo.InitClient();

        using var updater = repo.NewUpdater();

        Assert.NotNull(await updater.GetTargetInfoAsync("docs/en/readme.md"));
        Assert.Null(await updater.GetTargetInfoAsync("docs/readme.md"));
        Assert.Equal(["docs"], DelegatedRequests(repo));
    }

    [Fact]
    public async Task GetTargetInfo_PathHashPrefixes_SelectTheRole()
    {
        using var repo = new TestRepo(consistentSnapshot: false);
        using var key = TufSigner.Generate();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("file.txt"u8));
        var other = hash[0] == '0' ? "1" : "0";
        repo.Repository.AddDelegation("targets", new DelegatedRole("miss", [], 1, false, null, [other]), [key]);
        repo.Repository.AddDelegation("targets", new DelegatedRole("hit", [], 1, false, null, [hash[..2]]), [key]);
        repo.Publish();
        repo.AddTarget("file.txt", [1], role: "hit");
        repo.InitClient();

        using var updater = repo.NewUpdater();

        Assert.NotNull(await updater.GetTargetInfoAsync("file.txt"));
        Assert.Equal(["hit"], DelegatedRequests(repo));
    }

    [Fact]
    public async Task GetTargetInfo_SuccinctHashBins_FetchesOnlyTheTargetsBin()
    {
        using var repo = new TestRepo();
        using var key = TufSigner.Generate();
        repo.Repository.AddSuccinctDelegation("targets", 3, "bin", [key]);
        repo.Publish();
        var succinct = repo.Repository.Targets.Delegations!.SuccinctRoles!;
        var bin = succinct.GetRoleForTarget("app/file.txt");
        repo.AddTarget("app/file.txt", [5], role: bin);
        repo.InitClient();

        using var updater = repo.NewUpdater();
        var info = await updater.GetTargetInfoAsync("app/file.txt");

        Assert.NotNull(info);
        Assert.Equal(8, succinct.GetRoles().Count());
        Assert.Matches("^bin-[0-7]$", bin);
        Assert.Single(repo.Server.RequestList(), r => r.Contains(".bin-", StringComparison.Ordinal));
        Assert.Contains($"/metadata/2.{bin}.json", repo.Server.RequestList());
    }

    [Fact]
    public async Task GetTargetInfo_LongChain_StopsAtMaxDelegations()
    {
        using var repo = new TestRepo(consistentSnapshot: false);
        using var key = TufSigner.Generate();
        Delegate(repo, "targets", "r1", key);
        for (var i = 1; i < 5; i++)
        {
            Delegate(repo, "r" + i, "r" + (i + 1), key);
        }

        repo.Publish();
        repo.AddTarget("deep.txt", [1], role: "r5");
        repo.InitClient();

        using var updater = repo.NewUpdater(new UpdaterConfig { MaxDelegations = 3 });

        Assert.Null(await updater.GetTargetInfoAsync("deep.txt"));
        Assert.Equal(["r1", "r2"], DelegatedRequests(repo));
    }

    [Fact]
    public async Task GetTargetInfo_DelegationThresholdNotMet_IsRefused()
    {
        using var repo = new TestRepo(consistentSnapshot: false);
        using var key1 = TufSigner.Generate();
        using var key2 = TufSigner.Generate();
        repo.Repository.AddDelegation("targets", new DelegatedRole("A", [], 2, false, ["*"]), [key1, key2]);
        repo.Publish();
        repo.InitClient();
        var a = repo.Parse("A.json");
        repo.Serve("A.json", a, key1);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<UnsignedMetadataException>(() => updater.GetTargetInfoAsync("x"));

        Assert.Contains("A metadata", ex.Message, StringComparison.Ordinal);
        Assert.Null(repo.Stored("A.json"));
    }

    [Theory]
    [InlineData("?", "%3F")]
    [InlineData("#", "%23")]
    [InlineData("/delegatedrole", "%2Fdelegatedrole")]
    [InlineData("../delegatedrole", "..%2Fdelegatedrole")]
    public async Task GetTargetInfo_UnusualRoleName_IsQuotedInUrlAndFileName(string role, string quoted)
    {
        using var repo = new TestRepo();
        using var key = TufSigner.Generate();
        repo.Repository.AddDelegation("targets", new DelegatedRole(role, [], 1, false, ["*"]), [key]);
        repo.Publish();
        repo.InitClient();

        using var updater = repo.NewUpdater();
        Assert.Null(await updater.GetTargetInfoAsync("nonexistent target"));

        Assert.Contains($"/metadata/1.{quoted}.json", repo.Server.RequestList());
        Assert.True(File.Exists(Path.Join(repo.ClientMetadataDir, quoted + ".json")));
        Assert.Equal(5, Directory.GetFiles(repo.ClientMetadataDir, "*.json").Length);
    }

    private static void Delegate(TestRepo repo, string from, string to, TufSigner key, bool terminating = false) =>
        repo.Repository.AddDelegation(from, new DelegatedRole(to, [], 1, terminating, ["*"]), [key]);

    private static List<string> DelegatedRequests(TestRepo repo) =>
        repo.Server.RequestList()
            .Select(r => r["/metadata/".Length..^".json".Length])
            .Where(r => r is not ("root" or "timestamp" or "snapshot" or "targets") && !r.EndsWith(".root", StringComparison.Ordinal))
            .ToList();
}
