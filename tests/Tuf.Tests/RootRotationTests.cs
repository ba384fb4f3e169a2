using AeUpdater.Tuf.Client;
using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Models;
using AeUpdater.Tuf.Tests.Support;

namespace AeUpdater.Tuf.Tests;

public class RootRotationTests
{
    [Fact]
    public async Task Refresh_SeveralNewRoots_FollowsTheChainAndStoresTheLast()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        var signers = new List<TufSigner>();
        for (var i = 0; i < 3; i++)
        {
            var next = TufSigner.Generate();
            signers.Add(next);
            repo.Repository.RotateKey("root", next);
            repo.Publish();
        }

        using var updater = repo.NewUpdater();
        await updater.RefreshAsync();

        Assert.Equal(4, updater.TrustedRoot.Version);
        Assert.Equal(repo.Served("4.root.json"), repo.Stored("root.json"));
        Assert.Contains("/metadata/5.root.json", repo.Server.RequestList());
        signers.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task Refresh_RootNotSignedByPreviousRootKeys_IsRefused()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        using var attacker = TufSigner.Generate();
        var root = repo.Parse("1.root.json");
        var payload = root.As<Root>();
        payload.Version = 2;
        payload.Keys.Remove(repo.Signers["root"].KeyId);
        payload.Keys[attacker.KeyId] = attacker.PublicKey;
        payload.Roles["root"] = new Role([attacker.KeyId], 1);
        repo.Serve("2.root.json", root, attacker);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<UnsignedMetadataException>(() => updater.RefreshAsync());

        Assert.Contains("trusted root version 1", ex.Message, StringComparison.Ordinal);
        Assert.Equal(repo.Served("1.root.json"), repo.Stored("root.json"));
    }

    [Fact]
    public async Task Refresh_RootNotSignedByItsOwnNewKeys_IsRefused()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        using var newKey = TufSigner.Generate();
        var root = repo.Parse("1.root.json");
        var payload = root.As<Root>();
        payload.Version = 2;
        payload.Keys[newKey.KeyId] = newKey.PublicKey;
        payload.Roles["root"] = new Role([newKey.KeyId], 1);
        repo.Serve("2.root.json", root, repo.Signers["root"]);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<UnsignedMetadataException>(() => updater.RefreshAsync());

        Assert.Contains("new root version 2 itself", ex.Message, StringComparison.Ordinal);
        Assert.Equal(repo.Served("1.root.json"), repo.Stored("root.json"));
    }

    [Fact]
    public async Task Refresh_RootWithWrongVersionNumber_IsRefused()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        var root = repo.Parse("1.root.json");
        root.As<Root>().Version = 3;
        repo.Serve("2.root.json", root, repo.Signers["root"]);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<BadVersionNumberException>(() => updater.RefreshAsync());

        Assert.Contains("version 2 was expected", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_CompromisedRootKeyRotatedAway_OldKeyCannotSignLaterRoots()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        var compromised = repo.Signers["root"];
        using var replacement = TufSigner.Generate();
        repo.Repository.RotateKey("root", replacement);
        repo.Publish();

        // The attacker signs a version 3 with the old (compromised) key only.
        var forged = repo.Parse("2.root.json");
        forged.As<Root>().Version = 3;
        forged.As<Root>().Keys[compromised.KeyId] = compromised.PublicKey;
        forged.As<Root>().Roles["root"] = new Role([compromised.KeyId], 1);
        repo.Serve("3.root.json", forged, compromised);

        using var updater = repo.NewUpdater();
        await Assert.ThrowsAsync<UnsignedMetadataException>(() => updater.RefreshAsync());

        Assert.Equal(repo.Served("2.root.json"), repo.Stored("root.json"));
    }

    [Fact]
    public async Task Refresh_RootThresholdRaised_NewRootNeedsBothKeys()
    {
        using var repo = new TestRepo();
        using var second = TufSigner.Generate();
        repo.Repository.AddKey("root", second);
        repo.Repository.SetThreshold("root", 2);
        repo.Publish();
        repo.InitClient();
        using (var first = repo.NewUpdater())
        {
            await first.RefreshAsync();
        }

        Assert.Equal(2, Metadata.FromBytes(repo.Stored("root.json")!).As<Root>().Roles["root"].Threshold);

        // Version 3 signed by one of the two keys is refused.
        var forged = repo.Parse("2.root.json");
        forged.As<Root>().Version = 3;
        repo.Serve("3.root.json", forged, second);
        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<UnsignedMetadataException>(() => updater.RefreshAsync());
        Assert.Contains("2 needed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_MoreRootsThanAllowed_StopsAtTheBound()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        for (var i = 0; i < 4; i++)
        {
            repo.Repository.Touch("root");
            repo.Publish();
        }

        using var updater = repo.NewUpdater(new UpdaterConfig { MaxRootRotations = 2 });
        await updater.RefreshAsync();

        Assert.Equal(3, updater.TrustedRoot.Version);
        Assert.DoesNotContain("/metadata/4.root.json", repo.Server.RequestList());
    }

    [Fact]
    public async Task Refresh_IntermediateRootExpired_IsAcceptedWhenFinalRootIsValid()
    {
        using var repo = new TestRepo();
        repo.Repository.Expiry.Root = TimeSpan.FromHours(1);
        repo.Repository.Touch("root");
        repo.Publish();
        repo.InitClient();
        repo.Time.Now += TimeSpan.FromHours(2);
        repo.Repository.Expiry.Root = TimeSpan.FromDays(365);
        repo.Repository.Touch("root");
        repo.Repository.Touch("timestamp");
        repo.Publish();

        using var updater = repo.NewUpdater();
        await updater.RefreshAsync();

        // Version 2 (expired) is only a step to version 3.
        Assert.Equal(3, updater.TrustedRoot.Version);
    }

    [Fact]
    public void InitializeTrustedRoot_RootNotSignedByItself_IsRefusedAndNothingWritten()
    {
        using var repo = new TestRepo();
        using var other = TufSigner.Generate();
        var root = repo.Parse("1.root.json");
        root.Sign(other);

        Assert.Throws<UnsignedMetadataException>(() => Updater.InitializeTrustedRoot(repo.ClientMetadataDir, root.ToBytes()));
        Assert.False(Directory.Exists(repo.ClientMetadataDir) && Directory.EnumerateFileSystemEntries(repo.ClientMetadataDir).Any());
    }
}
