using System.Text;
using AeUpdater.Tuf.Client;
using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Models;
using AeUpdater.Tuf.Tests.Support;

namespace AeUpdater.Tuf.Tests;

/// <summary>The classic attacks of the TUF threat model, each against a real loopback server and real folders.</summary>
public class AttackTests
{
    [Fact]
    public async Task ArbitrarySoftware_TargetWithOtherContent_IsRefusedAndNothingIsLeft()
    {
        using var repo = new TestRepo();
        var target = repo.AddTarget("app.bin", Encoding.UTF8.GetBytes("genuine!"));
        repo.InitClient();
        File.WriteAllBytes(Path.Join(repo.TargetsDir, target.Hashes["sha256"] + ".app.bin"), Encoding.UTF8.GetBytes("malware!"));

        using var updater = repo.NewUpdater();
        var info = await updater.GetTargetInfoAsync("app.bin");
        var ex = await Assert.ThrowsAsync<LengthOrHashMismatchException>(() => updater.DownloadTargetAsync(info!));

        Assert.Contains("hash", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(repo.ClientTargetsDir));
    }

    [Fact]
    public async Task EndlessData_OversizedTimestamp_IsRefusedAtTheBound()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        repo.Server.Handler = path => path == "/metadata/timestamp.json" ? new ServerResponse { EndlessLength = 10_000_000 } : null;

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<DownloadLengthMismatchException>(() => updater.RefreshAsync());

        Assert.Contains("16384", ex.Message, StringComparison.Ordinal);
        Assert.Null(repo.Stored("timestamp.json"));
    }

    [Fact]
    public async Task EndlessData_TargetLongerThanSigned_IsRefusedAndNothingIsLeft()
    {
        using var repo = new TestRepo();
        repo.AddTarget("app.bin", new byte[1000]);
        repo.InitClient();
        repo.Server.Handler = path => path.StartsWith("/targets/", StringComparison.Ordinal) ? new ServerResponse { EndlessLength = 50_000_000 } : null;

        using var updater = repo.NewUpdater();
        var info = await updater.GetTargetInfoAsync("app.bin");
        var ex = await Assert.ThrowsAsync<DownloadLengthMismatchException>(() => updater.DownloadTargetAsync(info!));

        Assert.Contains("1000 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(repo.ClientTargetsDir));
    }

    [Fact]
    public async Task EndlessData_SnapshotLongerThanTimestampSays_IsRefused()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        var snapshot = repo.Served("1.snapshot.json");
        repo.Server.Handler = path => path == "/metadata/1.snapshot.json" ? new ServerResponse { Body = [.. snapshot, .. new byte[100]] } : null;

        using var updater = repo.NewUpdater();
        await Assert.ThrowsAsync<DownloadLengthMismatchException>(() => updater.RefreshAsync());

        Assert.Null(repo.Stored("snapshot.json"));
        Assert.NotNull(repo.Stored("timestamp.json"));
    }

    [Fact]
    public async Task ExtraneousDependencies_DelegatedRoleSignedByUntrustedKey_IsRefused()
    {
        using var repo = new TestRepo();
        using var trusted = TufSigner.Generate();
        using var attacker = TufSigner.Generate();
        repo.Repository.AddDelegation("targets", new DelegatedRole("libs", [], 1, false, ["libs/*"]), [trusted]);
        repo.Publish();
        repo.InitClient();
        var libs = repo.Parse("1.libs.json");
        libs.As<Targets>().TargetFiles["libs/evil.so"] = TargetFile.FromBytes("libs/evil.so", [6, 6, 6]);
        repo.Serve("1.libs.json", libs, attacker);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<UnsignedMetadataException>(() => updater.GetTargetInfoAsync("libs/evil.so"));

        Assert.Contains("libs metadata", ex.Message, StringComparison.Ordinal);
        Assert.Null(repo.Stored("libs.json"));
    }

    [Fact]
    public async Task FastForward_TimestampKeyRotated_ForgetsTheFastForwardedTimestamp()
    {
        using var repo = new TestRepo();
        repo.InitClient();

        // An attacker with the timestamp key serves version 1000; the client trusts it.
        var forged = repo.Parse("timestamp.json");
        forged.As<Timestamp>().Version = 1000;
        var genuine = repo.Served("timestamp.json");
        repo.Serve("timestamp.json", forged, repo.Signers["timestamp"]);
        using (var first = repo.NewUpdater())
        {
            await first.RefreshAsync();
        }

        Assert.Equal(1000, Metadata.FromBytes(repo.Stored("timestamp.json")!).Payload.Version);

        // Without a rotation the genuine (lower) timestamp is a rollback and is refused.
        File.WriteAllBytes(Path.Join(repo.MetadataDir, "timestamp.json"), genuine);
        using (var blocked = repo.NewUpdater())
        {
            await Assert.ThrowsAsync<BadVersionNumberException>(() => blocked.RefreshAsync());
        }

        // The publisher rotates the timestamp key: the client forgets the stored timestamp (5.3.11).
        using var newKey = TufSigner.Generate();
        repo.Repository.RotateKey("timestamp", newKey);
        repo.Publish();
        using var updater = repo.NewUpdater();
        await updater.RefreshAsync();

        Assert.Equal(repo.Served("timestamp.json"), repo.Stored("timestamp.json"));
        Assert.Equal(2, Metadata.FromBytes(repo.Stored("timestamp.json")!).Payload.Version);
    }

    [Fact]
    public async Task FastForward_SnapshotKeyRotated_ForgetsTimestampAndSnapshot()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        var forged = repo.Parse("1.snapshot.json");
        forged.As<Snapshot>().Meta["targets.json"].Version = 999;
        repo.Serve("1.snapshot.json", forged, repo.Signers["snapshot"]);
        var timestamp = repo.Parse("timestamp.json");
        timestamp.As<Timestamp>().SnapshotMeta = new MetaFile(1);
        repo.Serve("timestamp.json", timestamp, repo.Signers["timestamp"]);
        using (var first = repo.NewUpdater())
        {
            // The forged snapshot is trusted; the targets version it names does not exist: the client is stuck.
            await Assert.ThrowsAsync<DownloadHttpException>(() => first.RefreshAsync());
        }

        Assert.Equal(999, Metadata.FromBytes(repo.Stored("snapshot.json")!).As<Snapshot>().Meta["targets.json"].Version);

        using var newKey = TufSigner.Generate();
        repo.Repository.RotateKey("snapshot", newKey);
        repo.Repository.Touch("targets");
        repo.Publish();
        using var updater = repo.NewUpdater();
        await updater.RefreshAsync();

        Assert.Equal(repo.Served("snapshot.json"), repo.Stored("snapshot.json"));
        Assert.Equal(repo.Served("targets.json"), repo.Stored("targets.json"));
    }

    [Theory]
    [InlineData("timestamp", true, false)]
    [InlineData("snapshot", true, true)]
    [InlineData("targets", false, false)]
    public async Task FastForward_KeysRotated_StoredFilesAreDeletedBeforeTheTimestampIsFetched(string role, bool timestampDeleted, bool snapshotDeleted)
    {
        using var repo = new TestRepo();
        repo.InitClient();
        using (var first = repo.NewUpdater())
        {
            await first.RefreshAsync();
        }

        using var newKey = TufSigner.Generate();
        repo.Repository.RotateKey(role, newKey);
        repo.Publish();
        repo.Server.Handler = path => path == "/metadata/timestamp.json" ? new ServerResponse { Status = 404 } : null;

        using var updater = repo.NewUpdater();
        await Assert.ThrowsAsync<DownloadHttpException>(() => updater.RefreshAsync());

        // 5.3.11: the new root is trusted, and what the rotated keys signed is forgotten.
        Assert.Equal(repo.Served("2.root.json"), repo.Stored("root.json"));
        Assert.Equal(timestampDeleted, repo.Stored("timestamp.json") is null);
        Assert.Equal(snapshotDeleted, repo.Stored("snapshot.json") is null);
        Assert.NotNull(repo.Stored("targets.json"));
    }

    [Fact]
    public async Task IndefiniteFreeze_ExpiredTimestamp_IsRefusedAndNotStored()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        repo.Time.Now += TimeSpan.FromDays(2);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<ExpiredMetadataException>(() => updater.RefreshAsync());

        Assert.Contains("timestamp", ex.Message, StringComparison.Ordinal);
        Assert.Null(repo.Stored("timestamp.json"));
    }

    [Fact]
    public async Task IndefiniteFreeze_ExpiredSnapshot_IsRefused()
    {
        using var repo = new TestRepo();
        repo.Repository.Expiry.Snapshot = TimeSpan.FromHours(1);
        repo.Repository.Touch("snapshot");
        repo.Publish();
        repo.InitClient();
        repo.Time.Now += TimeSpan.FromHours(2);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<ExpiredMetadataException>(() => updater.RefreshAsync());

        Assert.Contains("snapshot", ex.Message, StringComparison.Ordinal);
        Assert.Null(repo.Stored("snapshot.json"));
    }

    [Fact]
    public async Task IndefiniteFreeze_ExpiredTargets_IsRefused()
    {
        using var repo = new TestRepo();
        repo.Repository.Expiry.Targets = TimeSpan.FromHours(1);
        repo.Repository.Touch("targets");
        repo.Publish();
        repo.InitClient();
        repo.Time.Now += TimeSpan.FromHours(2);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<ExpiredMetadataException>(() => updater.RefreshAsync());

        Assert.Contains("targets", ex.Message, StringComparison.Ordinal);
        Assert.Null(repo.Stored("targets.json"));
    }

    [Fact]
    public async Task IndefiniteFreeze_ExpiredFinalRoot_IsRefusedBeforeTimestamp()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        repo.Time.Now += TimeSpan.FromDays(400);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<ExpiredMetadataException>(() => updater.RefreshAsync());

        Assert.Contains("final root", ex.Message, StringComparison.Ordinal);
        Assert.Null(repo.Stored("timestamp.json"));
    }

    [Fact]
    public async Task MixAndMatch_TargetsOfAnotherVersion_IsRefused()
    {
        using var repo = new TestRepo();
        repo.AddTarget("a.txt", [1]);
        var old = repo.Served("2.targets.json");
        repo.AddTarget("b.txt", [2]);
        repo.InitClient();
        File.WriteAllBytes(Path.Join(repo.MetadataDir, "3.targets.json"), old);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<BadVersionNumberException>(() => updater.RefreshAsync());

        Assert.Contains("snapshot lists version 3", ex.Message, StringComparison.Ordinal);
        Assert.Null(repo.Stored("targets.json"));
    }

    [Fact]
    public async Task Rollback_OlderTimestamp_IsRefusedAndStoredOneKept()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        var old = repo.Served("timestamp.json");
        repo.AddTarget("a.txt", [1]);
        using (var first = repo.NewUpdater())
        {
            await first.RefreshAsync();
        }

        var stored = repo.Stored("timestamp.json");
        File.WriteAllBytes(Path.Join(repo.MetadataDir, "timestamp.json"), old);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<BadVersionNumberException>(() => updater.RefreshAsync());

        Assert.Contains("rollback", ex.Message, StringComparison.Ordinal);
        Assert.Equal(stored, repo.Stored("timestamp.json"));
    }

    [Fact]
    public async Task Rollback_TimestampNamingOlderSnapshot_IsRefused()
    {
        using var repo = new TestRepo();
        repo.AddTarget("a.txt", [1]);
        repo.InitClient();
        using (var first = repo.NewUpdater())
        {
            await first.RefreshAsync();
        }

        var timestamp = repo.Parse("timestamp.json");
        timestamp.As<Timestamp>().Version += 1;
        timestamp.As<Timestamp>().SnapshotMeta = new MetaFile(1);
        repo.Serve("timestamp.json", timestamp, repo.Signers["timestamp"]);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<BadVersionNumberException>(() => updater.RefreshAsync());

        Assert.Contains("snapshot version 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_SnapshotWithOlderTargetsVersion_IsRefused()
    {
        using var repo = new TestRepo();
        repo.AddTarget("a.txt", [1]);
        repo.InitClient();
        using (var first = repo.NewUpdater())
        {
            await first.RefreshAsync();
        }

        var snapshot = repo.Parse("snapshot.json");
        snapshot.As<Snapshot>().Version = 3;
        snapshot.As<Snapshot>().Meta["targets.json"] = new MetaFile(1);
        repo.Serve("3.snapshot.json", snapshot, repo.Signers["snapshot"]);
        var timestamp = repo.Parse("timestamp.json");
        timestamp.As<Timestamp>().Version += 1;
        timestamp.As<Timestamp>().SnapshotMeta = new MetaFile(3);
        repo.Serve("timestamp.json", timestamp, repo.Signers["timestamp"]);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<BadVersionNumberException>(() => updater.RefreshAsync());

        Assert.Contains("targets.json version 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_SnapshotDroppingARole_IsRefused()
    {
        using var repo = new TestRepo();
        using var key = TufSigner.Generate();
        repo.Repository.AddDelegation("targets", new DelegatedRole("libs", [], 1, false, ["*"]), [key]);
        repo.Publish();
        repo.InitClient();
        using (var first = repo.NewUpdater())
        {
            await first.RefreshAsync();
        }

        var snapshot = repo.Parse("snapshot.json");
        snapshot.As<Snapshot>().Version += 1;
        snapshot.As<Snapshot>().Meta.Remove("libs.json");
        repo.Serve($"{snapshot.Payload.Version}.snapshot.json", snapshot, repo.Signers["snapshot"]);
        var timestamp = repo.Parse("timestamp.json");
        timestamp.As<Timestamp>().Version += 1;
        timestamp.As<Timestamp>().SnapshotMeta = new MetaFile(snapshot.Payload.Version);
        repo.Serve("timestamp.json", timestamp, repo.Signers["timestamp"]);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<RepositoryException>(() => updater.RefreshAsync());

        Assert.Contains("no longer lists libs.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowRetrieval_TrickledTimestamp_TimesOut()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        var body = repo.Served("timestamp.json");
        repo.Server.Handler = path => path == "/metadata/timestamp.json" ? new ServerResponse { Body = body, ChunkDelay = TimeSpan.FromMilliseconds(50), ChunkSize = 1 } : null;
        var config = new UpdaterConfig { MinimumBytesPerSecond = 100, SlowStartGracePeriod = TimeSpan.FromMilliseconds(500), ReadTimeout = TimeSpan.FromSeconds(5) };

        using var updater = repo.NewUpdater(config);
        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAsync<SlowRetrievalException>(() => updater.RefreshAsync());

        Assert.Contains("minimum of 100 bytes per second", ex.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        Assert.Null(repo.Stored("timestamp.json"));
    }

    [Fact]
    public async Task SlowRetrieval_ServerThatNeverAnswers_TimesOut()
    {
        using var repo = new TestRepo();
        repo.AddTarget("a.txt", [1, 2, 3]);
        repo.InitClient();
        repo.Server.Handler = path => path.StartsWith("/targets/", StringComparison.Ordinal) ? new ServerResponse { Body = [1, 2, 3], StallBeforeHeaders = TimeSpan.FromSeconds(10) } : null;
        var config = new UpdaterConfig { ReadTimeout = TimeSpan.FromMilliseconds(500) };

        using var updater = repo.NewUpdater(config);
        var info = await updater.GetTargetInfoAsync("a.txt");
        var ex = await Assert.ThrowsAsync<SlowRetrievalException>(() => updater.DownloadTargetAsync(info!));

        Assert.Contains("no response", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(repo.ClientTargetsDir));
    }

    [Fact]
    public async Task KeyCompromise_BelowThreshold_IsRefused()
    {
        using var repo = new TestRepo();
        using var second = TufSigner.Generate();
        repo.Repository.AddKey("targets", second);
        repo.Repository.SetThreshold("targets", 2);
        repo.Repository.Touch("targets");
        repo.Publish();
        repo.InitClient();

        // The attacker holds one of the two targets keys.
        var targets = repo.Parse("targets.json");
        targets.As<Targets>().Version += 1;
        targets.As<Targets>().TargetFiles["evil"] = TargetFile.FromBytes("evil", [6]);
        repo.Serve($"{targets.Payload.Version}.targets.json", targets, second);
        var snapshot = repo.Parse("snapshot.json");
        snapshot.As<Snapshot>().Version += 1;
        snapshot.As<Snapshot>().Meta["targets.json"] = new MetaFile(targets.Payload.Version);
        repo.Serve($"{snapshot.Payload.Version}.snapshot.json", snapshot, repo.Signers["snapshot"]);
        var timestamp = repo.Parse("timestamp.json");
        timestamp.As<Timestamp>().Version += 1;
        timestamp.As<Timestamp>().SnapshotMeta = new MetaFile(snapshot.Payload.Version);
        repo.Serve("timestamp.json", timestamp, repo.Signers["timestamp"]);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<UnsignedMetadataException>(() => updater.RefreshAsync());

        Assert.Contains("signed by 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2 needed", ex.Message, StringComparison.Ordinal);
        Assert.Null(repo.Stored("targets.json"));
    }

    [Fact]
    public async Task KeyCompromise_SameSignatureTwiceUnderOneKey_CountsOnce()
    {
        using var repo = new TestRepo();
        using var second = TufSigner.Generate();
        repo.Repository.AddKey("timestamp", second);
        repo.Repository.SetThreshold("timestamp", 2);
        repo.Publish();
        repo.InitClient();

        var timestamp = repo.Parse("timestamp.json");
        timestamp.As<Timestamp>().Version += 1;
        var signature = timestamp.Sign(repo.Signers["timestamp"]);
        var json = Encoding.UTF8.GetString(timestamp.ToBytes());
        var duplicated = json.Replace("\"signatures\": [", $"\"signatures\": [{{\"keyid\": \"{signature.KeyId}\", \"sig\": \"{signature.Sig}\"}},", StringComparison.Ordinal);
        File.WriteAllText(Path.Join(repo.MetadataDir, "timestamp.json"), duplicated);

        using var updater = repo.NewUpdater();
        await Assert.ThrowsAsync<MetadataFormatException>(() => updater.RefreshAsync());
        Assert.Null(repo.Stored("timestamp.json"));
    }

    [Fact]
    public async Task WrongKeyType_SignatureOfAnotherKeyTypeUnderTrustedKeyId_IsRefused()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        using var ecdsa = TufSigner.Generate("ecdsa");
        var timestamp = repo.Parse("timestamp.json");
        timestamp.As<Timestamp>().Version += 1;
        var forged = timestamp.Sign(ecdsa);
        timestamp.Signatures.Clear();
        timestamp.Signatures.Add(new Signature(repo.Signers["timestamp"].KeyId, forged.Sig));
        File.WriteAllBytes(Path.Join(repo.MetadataDir, "timestamp.json"), timestamp.ToBytes());

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<UnsignedMetadataException>(() => updater.RefreshAsync());

        Assert.Contains("timestamp metadata", ex.Message, StringComparison.Ordinal);
        Assert.Null(repo.Stored("timestamp.json"));
    }

    [Fact]
    public async Task WrongKeyType_UnknownKeyTypeInRoot_DoesNotCountAndDoesNotCrash()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        var root = repo.Parse("1.root.json");
        var rootPayload = root.As<Root>();
        rootPayload.Version = 2;
        rootPayload.Keys["strange"] = new Key("quantum-magic", "quantum-magic", "00ff");
        rootPayload.Roles["timestamp"] = new Role(["strange"], 1);
        repo.Serve("2.root.json", root, repo.Signers["root"]);

        using var updater = repo.NewUpdater();
        var ex = await Assert.ThrowsAsync<UnsignedMetadataException>(() => updater.RefreshAsync());

        Assert.Contains("timestamp metadata", ex.Message, StringComparison.Ordinal);
        Assert.Equal(repo.Served("2.root.json"), repo.Stored("root.json"));
        Assert.Null(repo.Stored("timestamp.json"));
    }
}
