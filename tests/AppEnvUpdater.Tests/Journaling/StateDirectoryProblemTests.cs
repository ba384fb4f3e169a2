using System.Diagnostics;
using AeUpdater.Journaling;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Journaling;

/// <summary>
/// A state directory that cannot be used: the run says exactly why at once (not after the lock timeout, not blaming
/// another process), throws nothing, follows no link, and leaves the whole tree byte-identical.
/// </summary>
public sealed class StateDirectoryProblemTests
{
    private static readonly TimeSpan LongTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void CheckAll_StateDirectoryIsAFile_NotRunSaysSo()
    {
        using var box = Box();
        box.Tree.File("state", "not a folder");

        var report = RunUnchanged(box, box.Tree.PathOf("state"));

        Assert.Contains("it is a file, not a folder", report.NotRunReason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAll_StateDirectoryIsASymlink_RefusedAndTargetUntouched()
    {
        using var box = Box();
        box.Tree.Folder("elsewhere").Link("state", box.Tree.PathOf("elsewhere"));

        var report = RunUnchanged(box, box.Tree.PathOf("state"));

        Assert.Contains("symbolic link", report.NotRunReason, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(box.Tree.PathOf("elsewhere")));
    }

    [Fact]
    public void CheckAll_LockIsAFolder_NotRunSaysSo()
    {
        using var box = Box();
        box.Tree.Folder("state/" + StateLock.FileName);

        var report = RunUnchanged(box, box.Tree.PathOf("state"));

        Assert.Contains("the lock file", report.NotRunReason, StringComparison.Ordinal);
        Assert.Contains("is a folder", report.NotRunReason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAll_LockIsASymlink_NeverFollowed()
    {
        using var box = Box();
        box.Tree.File("victim.txt", "precious").Link("state/" + StateLock.FileName, box.Tree.PathOf("victim.txt"));

        var report = RunUnchanged(box, box.Tree.PathOf("state"));

        Assert.Contains("symbolic link", report.NotRunReason, StringComparison.Ordinal);
        Assert.Equal("precious", box.Tree.ReadText("victim.txt"));
    }

    [Fact]
    public void CheckAll_JournalIsAFolder_NotRunSaysSo()
    {
        using var box = Box();
        box.Tree.Folder("state/" + FileJournal.JournalFileName + "/x");

        var report = RunUnchanged(box, box.Tree.PathOf("state"));

        Assert.Contains("the journal", report.NotRunReason, StringComparison.Ordinal);
    }

    [Fact]
    public void StateLock_LockIsASymlinkToAFile_RefusedAndTargetNotWritten()
    {
        using var tree = TempTree.Create();
        tree.File("victim.txt", "precious").Folder("state").Link("state/" + StateLock.FileName, tree.PathOf("victim.txt"));

        using var taken = StateLock.TryAcquire(tree.PathOf("state"), TimeSpan.Zero, default, out var reason);

        Assert.Null(taken);
        Assert.Contains("symbolic link", reason, StringComparison.Ordinal);
        Assert.Equal("precious", tree.ReadText("victim.txt"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void CheckAll_StateDirectoryReadOnly_NotRunSaysSoAtOnce()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var box = Box();
        box.Tree.Folder("state");
        ReadOnlyFolder.Make(box.Tree.PathOf("state"));
        try
        {
            var report = RunUnchanged(box, box.Tree.PathOf("state"));

            Assert.Matches("not permitted|permission denied|read-only", report.NotRunReason!);
        }
        finally
        {
            ReadOnlyFolder.Release(box.Tree.PathOf("state"));
        }
    }

    [OtherUserFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void CheckAll_StateDirectoryOfAnotherUserMode700_NotRunNamesTheOwner()
    {
        using var box = Box();
        var state = box.Tree.PathOf("home/.config/CrashApp/.aeupdater");
        Directory.CreateDirectory(state);
        AsOtherUser.GiveTree(box.Tree.Root, except: state);
        File.SetUnixFileMode(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // root's, 700
        var before = TreeSnapshot.Take(box.Tree.Root);
        var clock = Stopwatch.StartNew();

        var (exit, result, stderr) = AsOtherUser.RunCrashHost(box.Root, box.Tree.PathOf("home"));

        Assert.True(result is not null, $"exit {exit}: {stderr}");
        Assert.Contains("belongs to user id 0", result.NotRunReason, StringComparison.Ordinal);
        Assert.DoesNotContain("another process", result.NotRunReason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"took {clock.Elapsed}");
        Assert.Equal(before, TreeSnapshot.Take(box.Tree.Root));
    }

    [OtherUserFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void CheckAll_StateDirectoryNotWritableForTheAppUser_NotRunSaysPermissionDenied()
    {
        using var box = Box();
        var config = box.Tree.PathOf("home/.config");
        Directory.CreateDirectory(config);
        AsOtherUser.GiveTree(box.Tree.Root, except: config);
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute); // root's, 705
        var before = TreeSnapshot.Take(box.Tree.Root);

        var (exit, result, stderr) = AsOtherUser.RunCrashHost(box.Root, box.Tree.PathOf("home"));

        Assert.True(result is not null, $"exit {exit}: {stderr}");
        Assert.Contains("cannot be created", result.NotRunReason, StringComparison.Ordinal);
        Assert.Contains("Permission denied", result.NotRunReason, StringComparison.Ordinal);
        Assert.Equal(before, TreeSnapshot.Take(box.Tree.Root));
    }

    [TinyDiskFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void CheckAll_StateDirectoryOnAFullDisk_NotRunSaysTheDiskIsFull()
    {
        using var box = Box();
        using var disk = TinyDisk.Mount(box.Tree.PathOf("disk"));
        disk.Fill();
        var before = TreeSnapshot.Take(box.Tree.Root);

        var report = Run(box, Path.Join(disk.Path, "state"));

        Assert.Contains("the disk is full", report.NotRunReason, StringComparison.Ordinal);
        Assert.Equal(before, TreeSnapshot.Take(box.Tree.Root));
    }

    [TinyDiskFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void CheckAll_ExistingStateDirectoryOnAFullDisk_NotRunAndLockUntouched()
    {
        using var box = Box();
        using var disk = TinyDisk.Mount(box.Tree.PathOf("disk"));
        var state = Path.Join(disk.Path, "state");
        Directory.CreateDirectory(state);
        File.WriteAllText(Path.Join(state, StateLock.FileName), "123\n");
        disk.Fill();
        var before = TreeSnapshot.Take(box.Tree.Root);

        var report = Run(box, state);

        Assert.Contains("the disk is full", report.NotRunReason, StringComparison.Ordinal);
        Assert.Equal(before, TreeSnapshot.Take(box.Tree.Root));
    }

    [TinyDiskFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void CheckAll_StateDirectoryOnAReadOnlyMount_NotRunSaysReadOnly()
    {
        using var box = Box();
        using var disk = TinyDisk.Mount(box.Tree.PathOf("disk"));
        var state = Path.Join(disk.Path, "state");
        Directory.CreateDirectory(state);
        disk.MakeReadOnly();

        var report = RunUnchanged(box, state);

        Assert.Contains("read-only file system", report.NotRunReason, StringComparison.Ordinal);
    }

    [TinyDiskFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void CheckAll_DiskFillsBeforeTheJournalIsWritten_NoFileChangedAndNoTemporaryFileLeft()
    {
        using var box = new Sandbox();
        for (var i = 0; i < 400; i++)
        {
            // A folder each: one 'intent' record per file with both paths (files of one folder would share a record).
            box.Source($"ae_updater_copies/d{i:D4}/a-rather-long-file-name-so-the-journal-grows-{i:D4}.txt", "a");
        }

        using var disk = TinyDisk.Mount(box.Tree.PathOf("disk"));
        var state = Path.Join(disk.Path, "state");
        Directory.CreateDirectory(state);
        disk.Fill(leaveBytes: 40 * 1024); // above the 32 KiB the check asks for, below the 100+ KB this journal needs

        var report = AppEnvUpdater.CheckAll(box.Options(o => o.StateDirectory = state));

        Assert.Contains("the journal could not be written", report.NotRunReason, StringComparison.Ordinal);
        Assert.Empty(report.Operations);
        Assert.False(Directory.Exists(box.Usr) && Directory.EnumerateFiles(box.Usr, "*", SearchOption.AllDirectories).Any());
        Assert.Equal([StateLock.FileName], Directory.GetFiles(state).Select(Path.GetFileName));
    }

    [OtherUserFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void CheckAll_JournalUnreadableForTheAppUser_SkippedAndReplacedByTheNewRun()
    {
        using var box = Box();
        var state = box.Tree.PathOf("home/.config/CrashApp/.aeupdater");
        var journal = Path.Join(state, FileJournal.JournalFileName);
        box.Tree.File("home/.config/CrashApp/.aeupdater/" + FileJournal.JournalFileName, "{\"type\":\"run\",\"id\":\"r1\",\"root\":\"/r\"}\n");
        AsOtherUser.GiveTree(box.Tree.Root, except: journal);
        File.SetUnixFileMode(journal, UnixFileMode.UserRead | UnixFileMode.UserWrite); // root's, 600

        var (exit, result, stderr) = AsOtherUser.RunCrashHost(box.Root, box.Tree.PathOf("home"));

        Assert.True(result is not null, $"exit {exit}: {stderr}");
        Assert.Null(result.NotRunReason);
        Assert.Equal(2, result.Processed.Count);
        Assert.Contains("\"type\":\"end\"", File.ReadAllText(journal), StringComparison.Ordinal);
    }

    private static Sandbox Box()
    {
        var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "a").Source("ae_updater_moves/b.txt", "b");
        return box;
    }

    private static UpdateReport RunUnchanged(Sandbox box, string state)
    {
        var before = TreeSnapshot.Take(box.Tree.Root);
        var report = Run(box, state);
        Assert.Equal(before, TreeSnapshot.Take(box.Tree.Root));
        return report;
    }

    private static UpdateReport Run(Sandbox box, string state)
    {
        var clock = Stopwatch.StartNew();
        var report = AppEnvUpdater.CheckAll(box.Options(o =>
        {
            o.StateDirectory = state;
            o.LockTimeout = LongTimeout;
        }));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}: the lock timeout was waited out");
        Assert.NotNull(report.NotRunReason);
        Assert.DoesNotContain("another process", report.NotRunReason, StringComparison.Ordinal);
        Assert.True(report.HasFailures);
        Assert.Empty(report.Operations);
        return report;
    }
}
