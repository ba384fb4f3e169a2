using AeUpdater.Placeholders;
using AeUpdater.Planning;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Planning;

/// <summary>
/// <see cref="NoWorkCache"/> reuses a no-work answer only while the root's names cannot have changed: the same folder
/// with the same times, last changed seconds before it was stamped, on a file system that moves folder times. Real
/// folders and real stamps; the time of the stamp is the one thing set by the test (a root's change time cannot be set
/// back, so "changed 10 s before" is told by stamping "10 s later").
/// </summary>
public sealed class NoWorkCacheTests
{
    [Fact]
    public void ADropInAddedAfterANoWorkAnswer_IsFound()
    {
        using var tree = TempTree.Create().File("app.dll").Folder("lib");
        var cache = new NoWorkCache();
        var (stamp, at) = OldStamp(tree.Root);

        Assert.False(cache.MayHaveWork(tree.Root, stamp, at));
        Assert.False(cache.MayHaveWork(tree.Root, stamp, at));

        foreach (var name in new[] { "ae_updater_copies", "ae_updater.dll", "ae_pre_app_run.dll" })
        {
            Thread.Sleep(20);
            Directory.CreateDirectory(Path.Join(tree.Root, name));
            var (now, later) = OldStamp(tree.Root);
            Assert.False(stamp.IsSameAs(now));
            Assert.True(cache.MayHaveWork(tree.Root, now, later), name);
            Directory.Delete(Path.Join(tree.Root, name));
            (stamp, at) = OldStamp(tree.Root);
            Assert.False(cache.MayHaveWork(tree.Root, stamp, at));
        }
    }

    [Fact]
    public void AnotherFolderAtTheSamePath_IsListed()
    {
        using var tree = TempTree.Create().Folder("root/lib").Folder("other/ae_updater_moves");
        var cache = new NoWorkCache();
        var (stamp, at) = OldStamp(tree["root"]);
        Assert.False(cache.MayHaveWork(tree["root"], stamp, at));

        Directory.Move(tree["root"], tree["aside"]);
        Directory.Move(tree["other"], tree["root"]);

        var (swapped, later) = OldStamp(tree["root"]);
        Assert.NotEqual(stamp.Inode, swapped.Inode);
        Assert.True(cache.MayHaveWork(tree["root"], swapped, later));
    }

    [Fact]
    public void AFolderSwappedInBetweenTheStampAndTheListing_DoesNotLendItsAnswer()
    {
        // The root is a link (as an app's folder may be): pointing it elsewhere and back leaves the first folder's stamp as
        // it was, so only the stamp of what was actually listed tells which folder the answer is of.
        using var tree = TempTree.Create().Folder("a/ae_updater_copies").Folder("b/lib");
        var root = tree["root"];
        File.CreateSymbolicLink(root, tree["a"]);
        var cache = new NoWorkCache();
        var (stamp, at) = OldStamp(root);

        Retarget(root, tree["b"]);
        Assert.False(cache.MayHaveWork(root, stamp, at)); // the listing of b, under a's stamp
        Retarget(root, tree["a"]);

        Assert.True(Stamp(root).IsSameAs(stamp));
        Assert.True(cache.MayHaveWork(root, stamp, at));
        Assert.True(cache.MayHaveWork(root, stamp, at));
    }

    [Fact]
    public void AnUnchangedStamp_IsReused_OnlyForAFolderChangedLongBeforeIt()
    {
        using var tree = TempTree.Create().Folder("old/lib").Folder("recent/lib");
        var (oldStamp, oldAt) = OldStamp(tree["old"]);
        var old = new NoWorkCache();
        Assert.False(old.MayHaveWork(tree["old"], oldStamp, oldAt));
        Assert.False(old.MayHaveWork(tree["old"], oldStamp, oldAt)); // the first reuse decides the trust (and stamps again)

        // Stamped in the same second as its last change: the times of a change made just after could be the same.
        var recent = new NoWorkCache();
        var recentStamp = Stamp(tree["recent"]);
        Assert.False(recent.MayHaveWork(tree["recent"], recentStamp, recentStamp.LatestChangeSeconds));
        Assert.False(recent.MayHaveWork(tree["recent"], recentStamp, recentStamp.LatestChangeSeconds));

        // A drop-in appears, and the caller hands in the stamps from before, as a file system whose times did not move
        // would: the old folder's answer is reused (no listing: it cannot see the drop-in), the recent one's is not.
        Directory.CreateDirectory(Path.Join(tree["old"], "ae_updater_copies"));
        Directory.CreateDirectory(Path.Join(tree["recent"], "ae_updater_copies"));
        Assert.Equal(!FastUnix.HasTrustedFolderTimes(tree.Root), old.MayHaveWork(tree["old"], oldStamp, oldAt));
        Assert.True(recent.MayHaveWork(tree["recent"], recentStamp, recentStamp.LatestChangeSeconds));
    }

    [Fact]
    public void WithoutAStamp_TheRootIsListedEveryTime()
    {
        using var tree = TempTree.Create().Folder("lib");
        var cache = new NoWorkCache();

        Assert.False(cache.MayHaveWork(tree.Root, default, long.MaxValue));
        Directory.CreateDirectory(Path.Join(tree.Root, "ae_updater_moves"));
        Assert.True(cache.MayHaveWork(tree.Root, default, long.MaxValue));
    }

    [Fact]
    public void CheckAll_InTheSameProcess_AppliesADropInThatAppearsBetweenCalls()
    {
        using var tree = TempTree.Create().Folder("root/lib").Folder("home");
        var options = new UpdaterOptions
        {
            Root = tree["root"],
            Environment = new PlaceholderEnvironment { HomeDirectory = tree["home"], GetCurrentDirectory = () => tree["root"] },
        };
        options.Placeholders[PlaceholderIds.Usr] = tree["usr"];

        Assert.Empty(AppEnvUpdater.CheckAll(options).Operations);
        Assert.Null(AppEnvUpdater.CheckAll(options).StateDirectory);

        tree.File("root/ae_updater_copies/settings.txt", "new");
        var report = AppEnvUpdater.CheckAll(options);

        Assert.Single(report.Operations);
        Assert.Equal("new", File.ReadAllText(Path.Join(tree["usr"], "settings.txt")));
    }

    /// <summary>Points the link at <paramref name="target"/>.</summary>
    private static void Retarget(string link, string target)
    {
        File.Delete(link);
        File.CreateSymbolicLink(link, target);
    }

    private static DirectoryStamp Stamp(string folder)
    {
        if (!FastUnix.Supported)
        {
            return default;
        }

        Assert.True(FastUnix.TryStatDirectory(folder, out var stamp), folder);
        Assert.True(stamp.IsKnown, folder);
        return stamp;
    }

    /// <summary>The folder's stamp, as if taken 10 s after its last change.</summary>
    private static (DirectoryStamp Stamp, long At) OldStamp(string folder)
    {
        var stamp = Stamp(folder);
        return (stamp, stamp.LatestChangeSeconds + 10);
    }
}
