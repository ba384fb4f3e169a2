using AeUpdater.Placeholders;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Engine;

/// <summary>The rows of SPEC §3.3 (deliberate differences from upstream) and the kept upstream behaviours, on real files.</summary>
public sealed class FileSemanticsTests
{
    [Fact]
    public void CheckAll_ParentFolderNameHasArguments_OnlyTheDropInNameIsParsed()
    {
        using var tree = TempTree.Create();
        var root = tree.PathOf("x___ToPath__⁄srv⁄x");
        Directory.CreateDirectory(root);
        tree.File("x___ToPath__⁄srv⁄x/ae_updater_copies/a.txt", "a");
        var env = new PlaceholderEnvironment { HomeDirectory = tree.PathOf("home"), Platform = PlatformIds.Linux };

        var report = AppEnvUpdater.CheckAll(new UpdaterOptions { Root = root, Environment = env });

        Assert.Equal([tree.PathOf("home/.config/a.txt")], report.Processed);
    }

    [Theory]
    [InlineData("ae_updater_copies_old")]
    [InlineData("ae_updater_copiesEXTRA")]
    [InlineData("AE_UPDATER_MOVES")]
    public void CheckAll_NearMissFolder_IgnoredAndUntouched(string name)
    {
        using var box = new Sandbox();
        box.Source(name + "/a.txt", "a");

        var report = AppEnvUpdater.CheckAll(box.Options());

        Assert.Empty(report.Operations);
        Assert.Equal(box.RootPath(name), Assert.Single(report.Ignored).Folder);
        Assert.False(report.HasFailures);
        Assert.True(File.Exists(box.RootPath(name + "/a.txt")));
        Assert.False(File.Exists(box.UsrPath("a.txt")));
    }

    [Theory]
    [InlineData("ae_updater_moves___Bogus__1", "unknown argument")]
    [InlineData("ae_updater_moves___ToPath__a___ToPath__b", "more than once")]
    [InlineData("ae_updater_moves___ToPath__", "no value")]
    [InlineData("ae_updater_moves___ToPath__﹛nokey﹜⁄x", "{nokey}")]
    public void CheckAll_InvalidFolderName_RejectedAndNothingTouched(string name, string reason)
    {
        using var box = new Sandbox();
        box.Source(name + "/a.txt", "a").Source("ae_updater_moves/b.txt", "b");

        var report = AppEnvUpdater.CheckAll(box.Options());

        var rejected = Assert.Single(report.Rejected);
        Assert.Equal(box.RootPath(name), rejected.Folder);
        Assert.Contains(reason, rejected.Reason, StringComparison.Ordinal);
        Assert.True(File.Exists(box.RootPath(name + "/a.txt")));
        Assert.False(File.Exists(box.UsrPath("a.txt")));
        Assert.Equal([box.UsrPath("b.txt")], report.Processed);
        Assert.True(report.HasFailures);
    }

    [Fact]
    public void CheckAll_DirectoryWhereFileGoes_ConflictReportedRestGoesOn()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_over_moves/a.txt", "new").Source("ae_updater_over_moves/b.txt", "b");
        box.Tree.Folder("home/.config/a.txt").File("home/.config/a.txt/inner.txt", "user");

        var report = AppEnvUpdater.CheckAll(box.Options());

        var failed = Assert.Single(report.Operations, o => o.Outcome == OperationOutcome.Failed);
        Assert.Contains("a folder exists where the file goes", failed.Error, StringComparison.Ordinal);
        Assert.Equal("user", File.ReadAllText(box.UsrPath("a.txt/inner.txt")));
        Assert.Equal("new", File.ReadAllText(box.RootPath("ae_updater_over_moves/a.txt")));
        Assert.Equal([box.UsrPath("b.txt")], report.Processed);
    }

    [Fact]
    public void CheckAll_FileWhereFolderGoes_ConflictReportedNothingChanged()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_copies/sub/a.txt", "a").Existing("sub", "a file");

        var report = AppEnvUpdater.CheckAll(box.Options());

        var failed = Assert.Single(report.Operations);
        Assert.Equal(OperationOutcome.Failed, failed.Outcome);
        Assert.Contains("a file is where the folder", failed.Error, StringComparison.Ordinal);
        Assert.Equal("a file", File.ReadAllText(box.UsrPath("sub")));
    }

    [Theory]
    [InlineData("ae_updater_over_copies")]
    [InlineData("ae_updater_over_moves")]
    public void CheckAll_DestinationSymlink_LinkReplacedTargetUntouched(string kind)
    {
        using var box = new Sandbox();
        box.Source(kind + "/a.txt", "new").Tree.File("elsewhere/target.txt", "target");
        box.Tree.Link("home/.config/a.txt", box.Tree.PathOf("elsewhere/target.txt"));

        var report = AppEnvUpdater.CheckAll(box.Options());

        Assert.Equal([box.UsrPath("a.txt")], report.Processed);
        Assert.Null(new FileInfo(box.UsrPath("a.txt")).LinkTarget);
        Assert.Equal("new", File.ReadAllText(box.UsrPath("a.txt")));
        Assert.Equal("target", box.Tree.ReadText("elsewhere/target.txt"));
    }

    [Theory]
    [InlineData("ae_updater_copies")]
    [InlineData("ae_updater_moves")]
    public void CheckAll_DestinationSymlinkNonOverKind_Skipped(string kind)
    {
        using var box = new Sandbox();
        box.Source(kind + "/a.txt", "new").Tree.File("elsewhere/target.txt", "target");
        box.Tree.Link("home/.config/a.txt", box.Tree.PathOf("elsewhere/target.txt"));

        var report = AppEnvUpdater.CheckAll(box.Options());

        Assert.Equal(OperationOutcome.Skipped, Assert.Single(report.Operations).Outcome);
        Assert.NotNull(new FileInfo(box.UsrPath("a.txt")).LinkTarget);
        Assert.Equal("target", box.Tree.ReadText("elsewhere/target.txt"));
    }

    [Theory]
    [InlineData("ae_updater_copies")]
    [InlineData("ae_updater_moves")]
    public void CheckAll_SourceSymlinks_SkippedAndReported(string kind)
    {
        using var box = new Sandbox();
        box.Tree.File("outside/secret.txt", "s").Folder("outside/dir").File("outside/dir/inner.txt", "i");
        box.Source(kind + "/real.txt", "r");
        box.Tree.Link($"root/{kind}/link.txt", box.Tree.PathOf("outside/secret.txt"));
        box.Tree.Link($"root/{kind}/linkdir", box.Tree.PathOf("outside/dir"));

        var report = AppEnvUpdater.CheckAll(box.Options());

        Assert.Equal([box.UsrPath("real.txt")], report.Processed);
        var links = report.Operations.Where(o => o.Outcome == OperationOutcome.Skipped).ToList();
        Assert.Equal(2, links.Count);
        Assert.All(links, l => Assert.Contains("symbolic link", l.Error, StringComparison.Ordinal));
        Assert.True(File.Exists(box.Tree.PathOf("outside/secret.txt")) && File.Exists(box.Tree.PathOf("outside/dir/inner.txt")));
        Assert.False(File.Exists(box.UsrPath("link.txt")) || Directory.Exists(box.UsrPath("linkdir")));
    }

    [Fact]
    public void CheckAll_DropInFolderIsSymlink_Rejected()
    {
        using var box = new Sandbox();
        box.Tree.File("real/a.txt", "a");
        box.Tree.Link("root/ae_updater_moves", box.Tree.PathOf("real"));

        var report = AppEnvUpdater.CheckAll(box.Options());

        Assert.Contains("symbolic link", Assert.Single(report.Rejected).Reason, StringComparison.Ordinal);
        Assert.True(File.Exists(box.Tree.PathOf("real/a.txt")));
    }

    [Fact]
    public void CheckAll_PlaceholderInFileNameLeavingDestination_RefusedForThatFile()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_moves/{cwd}/evil.txt", "e").Source("ae_updater_moves/{app_name}.cfg", "c");

        var report = AppEnvUpdater.CheckAll(box.Options());

        Assert.Equal([box.UsrPath("TestApp.cfg")], report.Processed);
        var refused = Assert.Single(report.Operations, o => o.Outcome == OperationOutcome.Failed);
        Assert.Contains("leaves the destination", refused.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(box.RootPath("ae_updater_moves/{cwd}/evil.txt")));
        Assert.False(File.Exists(box.RootPath("evil.txt")));
    }

    [Fact]
    public void CheckAll_CopiesDestinationCreatedDuringCopy_NotReplaced()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "ours");
        var options = box.Options(o => o.StepHook = step =>
        {
            if (step == "copy:temp-written")
            {
                box.Existing("a.txt", "another process");
            }
        });

        var report = AppEnvUpdater.CheckAll(options);

        Assert.Equal(OperationOutcome.Skipped, Assert.Single(report.Operations).Outcome);
        Assert.Empty(report.Processed);
        Assert.Equal("another process", File.ReadAllText(box.UsrPath("a.txt")));
        Assert.Equal(["a.txt"], Directory.GetFiles(box.Usr).Select(Path.GetFileName));
    }

    [Fact]
    public void CheckAll_MovesDestinationCreatedBeforeRename_NotReplacedSourceKept()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_moves/a.txt", "ours");
        var options = box.Options(o => o.StepHook = step =>
        {
            if (step == "move:before-rename")
            {
                box.Existing("a.txt", "another process");
            }
        });

        var report = AppEnvUpdater.CheckAll(options);

        Assert.Equal(OperationOutcome.Skipped, Assert.Single(report.Operations).Outcome);
        Assert.Equal("another process", File.ReadAllText(box.UsrPath("a.txt")));
        Assert.Equal("ours", File.ReadAllText(box.RootPath("ae_updater_moves/a.txt")));
    }

    [Fact]
    public void CheckAll_ReadOnlyDestinationFolder_PerFileFailureSourceKeptRestGoesOn()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var box = new Sandbox();
        box.Source("ae_updater_moves___ToPath__locked/a.txt", "a").Source("ae_updater_moves/b.txt", "b");
        var locked = box.RootPath("locked");
        Directory.CreateDirectory(locked);
        ReadOnlyFolder.Make(locked);
        try
        {
            var report = AppEnvUpdater.CheckAll(box.Options());

            var failed = Assert.Single(report.Operations, o => o.Outcome == OperationOutcome.Failed);
            Assert.Equal(Path.Join(locked, "a.txt"), failed.Destination);
            Assert.False(string.IsNullOrEmpty(failed.Error));
            Assert.Equal("a", File.ReadAllText(box.RootPath("ae_updater_moves___ToPath__locked/a.txt")));
            Assert.Equal([box.UsrPath("b.txt")], report.Processed);
            Assert.True(report.HasFailures);
        }
        finally
        {
            ReadOnlyFolder.Release(locked);
        }

        Assert.Empty(Directory.GetFileSystemEntries(locked));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void CheckAll_FaultAfterNOperations_NoPartialFileVisible(int failAfter)
    {
        using var box = new Sandbox();
        var big = new string('x', 256 * 1024);
        box.Source("ae_updater_copies/c1.txt", big + "c1").Source("ae_updater_over_copies/o1.txt", big + "o1-new")
            .Source("ae_updater_moves/m1.txt", big + "m1").Source("ae_updater_over_moves/sub/om1.txt", big + "om1-new")
            .Existing("o1.txt", "o1-old").Existing("sub/om1.txt", "om1-old");
        var done = 0;
        var options = box.Options(o => o.StepHook = step =>
        {
            if (step == "operation:done" && ++done > failAfter)
            {
                throw new InjectedFaultException(step);
            }

            if (step is "copy:temp-written" or "move:before-rename" && done == failAfter)
            {
                throw new InjectedFaultException(step);
            }
        });

        Assert.Throws<InjectedFaultException>(() => AppEnvUpdater.CheckAll(options));

        var visible = Directory.EnumerateFiles(box.Usr, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(box.Usr, f).Split('/').Any(part => part.StartsWith('.')))
            .ToList();
        foreach (var file in visible)
        {
            var content = File.ReadAllText(file);
            Assert.True(content is "o1-old" or "om1-old" || content.StartsWith(big, StringComparison.Ordinal) && content.Length > big.Length, $"{file} is partial");
        }

        Assert.True(File.Exists(box.RootPath("ae_updater_moves/m1.txt")) ^ File.Exists(box.UsrPath("m1.txt")), "m1 exists exactly once");
        Assert.True(File.Exists(box.RootPath("ae_updater_over_moves/sub/om1.txt")) ^ (File.ReadAllText(box.UsrPath("sub/om1.txt")) != "om1-old"), "om1 exists exactly once");

        var rerun = AppEnvUpdater.CheckAll(box.Options());

        Assert.False(rerun.HasFailures);
        Assert.Equal(big + "c1", File.ReadAllText(box.UsrPath("c1.txt")));
        Assert.Equal(big + "o1-new", File.ReadAllText(box.UsrPath("o1.txt")));
        Assert.Equal(big + "m1", File.ReadAllText(box.UsrPath("m1.txt")));
        Assert.Equal(big + "om1-new", File.ReadAllText(box.UsrPath("sub/om1.txt")));
    }

    [Fact]
    public void CheckAll_Copy_KeepsPermissionBitsAndModificationTime()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var box = new Sandbox();
        box.Source("ae_updater_copies/run.sh", "#!/bin/sh");
        var source = box.RootPath("ae_updater_copies/run.sh");
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(source, mode);
        var stamp = new DateTime(2020, 5, 17, 10, 20, 30, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(source, stamp);

        AppEnvUpdater.CheckAll(box.Options());

        Assert.Equal(mode, File.GetUnixFileMode(box.UsrPath("run.sh")));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(box.UsrPath("run.sh")));
    }

    [Fact]
    public void CheckAll_HiddenAndEmpty_NotProcessedEmptiedSubfoldersRemoved()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_moves/a/b/c.txt", "c").Source("ae_updater_moves/keep/d.txt", "d").Source("ae_updater_moves/keep/.hidden", "h")
            .Source("ae_updater_moves/.hdir/e.txt", "e").Source("ae_updater_copies/.x", "x");
        box.Tree.Folder("root/ae_updater_moves/emptydir").Folder("root/ae_updater_copies/empty2");

        var report = AppEnvUpdater.CheckAll(box.Options());

        Assert.Equal([box.UsrPath("a/b/c.txt"), box.UsrPath("keep/d.txt")], report.Processed);
        Assert.False(Directory.Exists(box.RootPath("ae_updater_moves/a")), "emptied sub-folders go");
        Assert.True(File.Exists(box.RootPath("ae_updater_moves/keep/.hidden")), "hidden files stay");
        Assert.True(File.Exists(box.RootPath("ae_updater_moves/.hdir/e.txt")));
        Assert.True(Directory.Exists(box.RootPath("ae_updater_moves/emptydir")), "folders this run did not empty stay");
        Assert.True(Directory.Exists(box.RootPath("ae_updater_moves")), "the drop-in folder stays");
        Assert.False(Directory.Exists(box.UsrPath("emptydir")) || Directory.Exists(box.UsrPath("empty2")));
        Assert.False(File.Exists(box.UsrPath(".x")) || File.Exists(box.UsrPath(".hdir/e.txt")));
    }

    [Fact]
    public void CheckAll_MoveAcrossFileSystems_CopiesRenamesDeletes()
    {
        const string shm = "/dev/shm";
        if (!Directory.Exists(shm))
        {
            return;
        }

        using var box = new Sandbox();
        using var other = TempTree.Create(shm);
        Assert.NotEqual(new DriveInfo(box.Root).Name, new DriveInfo(other.Root).Name);
        box.Source("ae_updater_over_moves___ToPath__" + Defuser.Defuse(other.Root) + "/x/a.txt", "a");
        other.File("x/a.txt", "old");

        var report = AppEnvUpdater.CheckAll(box.Options());

        Assert.Equal([other.PathOf("x/a.txt")], report.Processed);
        Assert.Equal("a", other.ReadText("x/a.txt"));
        Assert.Equal(["x/a.txt"], other.AllFiles());
        Assert.False(File.Exists(box.RootPath("ae_updater_over_moves___ToPath__" + Defuser.Defuse(other.Root) + "/x/a.txt")));
    }

    [Fact]
    public void CheckAll_SameDestinationFromThreeKinds_ProcessedThriceLastWins()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "copies").Source("ae_updater_over_copies/a.txt", "over-copies").Source("ae_updater_over_moves/a.txt", "over-moves");

        var report = AppEnvUpdater.CheckAll(box.Options());

        Assert.Equal([box.UsrPath("a.txt"), box.UsrPath("a.txt"), box.UsrPath("a.txt")], report.Processed);
        Assert.Equal("over-moves", File.ReadAllText(box.UsrPath("a.txt")));
    }

    [Fact]
    public void CheckAll_OverCopiesOnEveryStart_OverwriteAgainCopiesDoNot()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_over_copies/o.txt", "shipped").Source("ae_updater_copies/c.txt", "seed");
        AppEnvUpdater.CheckAll(box.Options());
        File.WriteAllText(box.UsrPath("o.txt"), "user edit");
        File.WriteAllText(box.UsrPath("c.txt"), "user edit");

        var second = AppEnvUpdater.CheckAll(box.Options());

        Assert.Equal([box.UsrPath("o.txt")], second.Processed);
        Assert.Equal("shipped", File.ReadAllText(box.UsrPath("o.txt")));
        Assert.Equal("user edit", File.ReadAllText(box.UsrPath("c.txt")));
    }

    [Fact]
    public void CheckAll_DryRun_ChangesNothingAndReportsWhatWouldHappen()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_copies/new/a.txt", "a").Source("ae_updater_copies/b.txt", "b").Existing("b.txt", "user")
            .Source("ae_updater_moves/m.txt", "m").Source("ae_updater_copies___Bad__1/x", "x");
        var before = box.Tree.AllFiles();

        var report = AppEnvUpdater.CheckAll(box.Options(o => o.DryRun = true));

        Assert.Equal(before, box.Tree.AllFiles());
        Assert.False(Directory.Exists(box.UsrPath("new")));
        Assert.Empty(report.Processed);
        Assert.True(report.DryRun);
        Assert.Equal(
            [OperationOutcome.Skipped, OperationOutcome.Planned, OperationOutcome.Planned],
            report.Operations.Select(o => o.Outcome));
        Assert.Single(report.Rejected);
    }

    [Fact]
    public void CheckAll_Exclude_LeavesMatchingFiles()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_moves/a/Thumbs.db", "t").Source("ae_updater_moves/a/b.txt", "b");

        var report = AppEnvUpdater.CheckAll(box.Options(o => o.Exclude = ["**/Thumbs.db"]));

        Assert.Equal([box.UsrPath("a/b.txt")], report.Processed);
        Assert.True(File.Exists(box.RootPath("ae_updater_moves/a/Thumbs.db")));
    }

    [Fact]
    public void CheckAll_InvalidOptions_ThrowsOnceWithEveryError()
    {
        using var box = new Sandbox();
        var options = box.Options(o =>
        {
            o.Platform = "beos";
            o.DefaultDestination = "";
            o.Placeholders["1bad"] = "/x";
            o.AppName = "a/b";
        });

        var e = Assert.Throws<UpdaterOptionsException>(() => AppEnvUpdater.CheckAll(options));

        Assert.Equal(4, e.Errors.Count);
        Assert.Contains("beos", e.Message, StringComparison.Ordinal);
        Assert.Contains("1bad", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAll_MissingRootOrUnknownPlaceholderInDestination_ThrowsOptionsException()
    {
        using var box = new Sandbox();

        var missing = Assert.Throws<UpdaterOptionsException>(() => AppEnvUpdater.CheckAll(box.Options(o => o.Root = box.RootPath("nope"))));
        var unknown = Assert.Throws<UpdaterOptionsException>(() => AppEnvUpdater.CheckAll(box.Options(o => o.DefaultDestination = "{nokey}/x")));

        Assert.Contains("does not exist", Assert.Single(missing.Errors), StringComparison.Ordinal);
        Assert.Contains("{nokey}", Assert.Single(unknown.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAll_Progress_ReportsPlanThenEachOperation()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "a").Source("ae_updater_moves/b.txt", "b");
        var seen = new List<UpdateProgress>();
        var progress = new SynchronousProgress(seen.Add);

        AppEnvUpdater.CheckAll(box.Options(o => o.Progress = progress));

        // The copy is staged (its data written) before its batch is flushed and renamed: (0, staged 1), then done.
        Assert.Equal([(0, 0, 2), (0, 1, 2), (1, 0, 2), (2, 0, 2)], seen.Select(p => (p.Completed, p.Staged, p.Total)));
        Assert.Null(seen[0].Operation);
        Assert.Null(seen[1].Operation);
        Assert.Equal(box.UsrPath("a.txt"), seen[2].Operation!.Destination);
        Assert.Equal(box.UsrPath("b.txt"), seen[3].Operation!.Destination);
    }

    [Fact]
    public void CheckAll_ProgressOfABatchedCopy_MovesAsEachFileIsWritten()
    {
        // Durable copies are written in batches (one flush for many files); a batch of N files used to report nothing
        // until all N were written, flushed and renamed: a bar at 0 % for the whole copy.
        const int files = 300;
        using var box = new Sandbox();
        for (var i = 0; i < files; i++)
        {
            box.Source($"ae_updater_copies/f{i:D3}.txt", "x");
        }

        var seen = new List<(int Value, int FilesInDestination)>();
        var progress = new SynchronousProgress(p =>
        {
            var present = seen.Count < 5 && Directory.Exists(box.Usr) ? Directory.GetFiles(box.Usr).Length : -1;
            seen.Add((p.Completed + p.Staged, present));
            Assert.Equal(files, p.Total);
        });

        var report = AppEnvUpdater.CheckAll(box.Options(o => { o.Progress = progress; o.Durability = Durability.Full; }));

        Assert.Equal(files, report.Processed.Count);
        Assert.Equal(Enumerable.Range(0, files + 1), seen.Select(s => s.Value).Distinct());
        Assert.True(seen.Zip(seen.Skip(1)).All(pair => pair.Second.Value >= pair.First.Value), "Completed + Staged never decreases");
        var first = seen.First(s => s.Value == 1);
        Assert.True(first.FilesInDestination == 1, $"the first step was reported with {first.FilesInDestination} of {files} files written");
    }

    private sealed class SynchronousProgress(Action<UpdateProgress> report) : IProgress<UpdateProgress>
    {
        public void Report(UpdateProgress value) => report(value);
    }
}
