using System.Text.Json.Nodes;
using AeUpdater.Tuf.Models;
using AeUpdater.Tuf.Tests.Support;

namespace AeUpdater.Tuf.Tests;

/// <summary>Cases of the public TUF conformance suite (test_basic.py and others), ported against the loopback server.</summary>
public class ConformanceCaseTests
{
    [Fact]
    public async Task TimestampEqualVersion_OtherContent_StoredOneIsKept()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        using (var first = repo.NewUpdater())
        {
            await first.RefreshAsync();
        }

        var stored = repo.Stored("timestamp.json");
        var same = repo.Parse("timestamp.json");
        same.As<Timestamp>().SnapshotMeta = new MetaFile(100);
        repo.Serve("timestamp.json", same, repo.Signers["timestamp"]);

        using var updater = repo.NewUpdater();
        await updater.RefreshAsync();

        Assert.Equal(stored, repo.Stored("timestamp.json"));
    }

    [Fact]
    public async Task NewTargetsHashMismatch_AgainstSnapshotHashes_IsRefused()
    {
        using var repo = new TestRepo();
        repo.Repository.HashesInSnapshot = true;
        repo.AddTarget("a.txt", [1]);
        repo.InitClient();
        var targets = repo.Parse("2.targets.json");
        targets.As<Targets>().Expires += TimeSpan.FromSeconds(1);
        repo.Serve("2.targets.json", targets, repo.Signers["targets"]);
        Assert.Equal(repo.Repository.Snapshot.Meta["targets.json"].Length, repo.Served("2.targets.json").Length);

        using var updater = repo.NewUpdater();
        await Assert.ThrowsAsync<LengthOrHashMismatchException>(() => updater.RefreshAsync());

        Assert.Null(repo.Stored("targets.json"));
        Assert.NotNull(repo.Stored("snapshot.json"));
    }

    [Fact]
    public async Task CustomFields_InRootKeysAndRoles_AreAcceptedAndSigned()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        var root = repo.Repository.Root;
        root.UnrecognizedFields["custom-field"] = "value";
        root.Keys[repo.Signers["root"].KeyId].UnrecognizedFields["extra-field"] = new JsonObject { ["a"] = 1, ["b"] = 2 };
        root.Roles["root"].UnrecognizedFields["another-field"] = "value";
        repo.Repository.Touch("root");
        repo.Publish();

        using var updater = repo.NewUpdater();
        await updater.RefreshAsync();

        Assert.Equal(2, updater.TrustedRoot.Version);
        Assert.Equal(repo.Served("2.root.json"), repo.Stored("root.json"));
        Assert.Equal(2, updater.TrustedRoot.Keys[repo.Signers["root"].KeyId].UnrecognizedFields["extra-field"]!["b"]!.GetValue<int>());
    }

    [Fact]
    public async Task TargetsVersionBumpedWithoutSnapshot_ClientKeepsItsFiles()
    {
        using var repo = new TestRepo(consistentSnapshot: false);
        repo.InitClient();
        using (var first = repo.NewUpdater())
        {
            await first.RefreshAsync();
        }

        var targets = repo.Parse("targets.json");
        targets.As<Targets>().Version += 1;
        repo.Serve("targets.json", targets, repo.Signers["targets"]);

        using var updater = repo.NewUpdater();
        await updater.RefreshAsync();

        Assert.Equal(1, Metadata.FromBytes(repo.Stored("targets.json")!).Payload.Version);
    }

    [Fact]
    public async Task ExpiredLocalTimestamp_StillGuardsAgainstRollback()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        var old = repo.Served("timestamp.json");
        repo.Repository.Touch("timestamp");
        repo.Publish();
        using (var first = repo.NewUpdater())
        {
            await first.RefreshAsync();
        }

        // Two days later the stored timestamp (version 2) is expired; the server offers version 1 re-dated... by nobody:
        // an attacker replays the old one. It is older than the expired stored one, so it is refused.
        repo.Time.Now += TimeSpan.FromDays(2);
        File.WriteAllBytes(Path.Join(repo.MetadataDir, "timestamp.json"), old);
        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<BadVersionNumberException>(() => updater.RefreshAsync());

        Assert.Contains("rollback", ex.Message, StringComparison.Ordinal);
    }
}
