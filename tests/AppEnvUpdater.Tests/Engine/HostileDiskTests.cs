using System.Diagnostics;
using System.Net.Sockets;
using AeUpdater.Operations;
using AeUpdater.Placeholders;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Engine;

/// <summary>
/// What an attacker or an unlucky user does to the file layer (issue 10), on real files: crafted journals, symbolic-link
/// aliases, folders swapped for links by a racing process, FIFOs, devices and sockets, names that are not UTF-8, paths
/// longer than PATH_MAX, an undeletable source of a move across file systems. Linux only (the handle-based file layer).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostileDiskTests
{
    private const string RunId = "0123456789abcdef0123456789abcdef";
    private const string OtherRunId = "fedcba9876543210fedcba9876543210";

    private static bool Linux => Posix.Supported;

    // ---- 1. Recovery acts only on proof ----

    [Fact]
    public void Recovery_CraftedMoveOfAFileOntoItsOwnAlias_DeletesNothingAndReportsIt()
    {
        if (!Linux)
        {
            return;
        }

        using var box = new Sandbox();
        box.Existing("data/only-copy.txt", "the only copy");
        box.Tree.Link("home/alias", box.UsrPath("data"));
        var state = box.Tree.PathOf("state");
        WriteJournal(state, RunId, (true, box.UsrPath("data/only-copy.txt"), box.Tree.PathOf("home/alias/only-copy.txt")));

        var report = AppEnvUpdater.CheckAll(box.Options(o => o.StateDirectory = state));

        Assert.Equal("the only copy", File.ReadAllText(box.UsrPath("data/only-copy.txt")));
        Assert.Empty(report.Recovery!.MovesCompleted);
        var skip = Assert.Single(report.Recovery.Skipped);
        Assert.Equal(box.UsrPath("data/only-copy.txt"), skip.Path);
        Assert.Contains("no record", skip.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Recovery_CrossDeviceMove_CompletedOnlyWithTheCopiedRecordAndTheSameInode()
    {
        const string Shm = "/dev/shm";
        if (!Linux || !Directory.Exists(Shm))
        {
            return;
        }

        using var box = new Sandbox();
        using var other = TempTree.Create(Shm);
        box.Existing("src/proven.txt", "p").Existing("src/unproven.txt", "u").Existing("src/replaced.txt", "r");
        foreach (var name in new[] { "proven.txt", "unproven.txt", "replaced.txt" })
        {
            other.File(name, File.ReadAllText(box.UsrPath("src/" + name)));
            Shell($"touch -r '{box.UsrPath("src/" + name)}' '{other.PathOf(name)}'"); // the copy keeps the time to the nanosecond
        }

        Assert.Equal(0, Posix.StatAt(Posix.AtFdCwd, other.PathOf("proven.txt"), out var proven));
        Assert.Equal(0, Posix.StatAt(Posix.AtFdCwd, other.PathOf("replaced.txt"), out var replacedBefore));
        File.Delete(other.PathOf("replaced.txt")); // the recorded copy is gone: another file took its name
        other.File("replaced.txt", "r");
        Shell($"touch -r '{box.UsrPath("src/replaced.txt")}' '{other.PathOf("replaced.txt")}'");
        var state = box.Tree.PathOf("state");
        WriteJournal(
            state,
            RunId,
            [(true, box.UsrPath("src/proven.txt"), other.PathOf("proven.txt")), (true, box.UsrPath("src/unproven.txt"), other.PathOf("unproven.txt")),
                (true, box.UsrPath("src/replaced.txt"), other.PathOf("replaced.txt"))],
            [$$"""{"type":"copied","i":0,"dev":{{proven.Id.Device}},"ino":{{proven.Id.Inode}}}""",
                $$"""{"type":"copied","i":2,"dev":{{replacedBefore.Id.Device}},"ino":{{replacedBefore.Id.Inode}}}"""]);

        var report = AppEnvUpdater.CheckAll(box.Options(o => o.StateDirectory = state));

        Assert.Equal([box.UsrPath("src/proven.txt")], report.Recovery!.MovesCompleted);
        Assert.False(File.Exists(box.UsrPath("src/proven.txt")));
        Assert.True(File.Exists(box.UsrPath("src/unproven.txt")), "no record: kept");
        Assert.True(File.Exists(box.UsrPath("src/replaced.txt")), "the destination is another inode: kept");
        Assert.Equal(
            [box.UsrPath("src/replaced.txt"), box.UsrPath("src/unproven.txt")],
            report.Recovery.Skipped.Select(s => s.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Recovery_SharedDestinationFolder_RemovesOnlyItsOwnRunsRegularTemporaryFiles()
    {
        if (!Linux)
        {
            return;
        }

        using var box = new Sandbox();
        var ours = "." + "a.txt." + RunId + "-0" + FileOperator.TempSuffix;
        var theirs = "." + "a.txt." + OtherRunId + "-0" + FileOperator.TempSuffix;
        var ourLinkName = "." + "b.txt." + RunId + "-1" + FileOperator.TempSuffix;
        box.Existing("shared/" + ours, "ours").Existing("shared/" + theirs, "another app's copy in progress").Existing("victim.txt", "victim");
        box.Tree.Link("home/.config/shared/" + ourLinkName, box.UsrPath("victim.txt"));
        var state = box.Tree.PathOf("state");
        WriteJournal(state, RunId, (false, box.RootPath("ae_updater_copies/a.txt"), box.UsrPath("shared/a.txt")), (false, box.RootPath("ae_updater_copies/b.txt"), box.UsrPath("shared/b.txt")));

        var report = AppEnvUpdater.CheckAll(box.Options(o => o.StateDirectory = state));

        Assert.Equal([box.UsrPath("shared/" + ours)], report.Recovery!.TemporaryFilesRemoved);
        Assert.Equal("another app's copy in progress", File.ReadAllText(box.UsrPath("shared/" + theirs)));
        Assert.Equal("victim", File.ReadAllText(box.UsrPath("victim.txt")));
        Assert.Contains(report.Recovery.Skipped, s => s.Path == box.UsrPath("shared/" + ourLinkName) && s.Reason.Contains("symbolic link", StringComparison.Ordinal));
    }

    [Fact]
    public void Recovery_MoveSourceThatCannotBeExamined_SkippedWithTheReasonAndTheRunGoesOn()
    {
        if (!Linux)
        {
            return;
        }

        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "a").Existing("dst.txt", "d");
        var tooLong = box.UsrPath(string.Join('/', Enumerable.Repeat(new string('d', 250), 20)) + "/src.txt");
        var state = box.Tree.PathOf("state");
        WriteJournal(state, RunId, (true, tooLong, box.UsrPath("dst.txt")));

        var report = AppEnvUpdater.CheckAll(box.Options(o => o.StateDirectory = state));

        var skip = Assert.Single(report.Recovery!.Skipped);
        Assert.Contains("cannot be examined", skip.Reason, StringComparison.Ordinal);
        Assert.Equal([box.UsrPath("a.txt")], report.Processed);
    }

    // ---- 2. Temporary names ----

    [Fact]
    public void TempNames_LongMultiByteName_At255BytesAndOwnedByTheRun()
    {
        var name = new string('€', 85); // 255 bytes in UTF-8
        var temp = TempNames.For(name, RunId, 12345)!;

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(temp) <= 255);
        Assert.EndsWith("." + RunId + "-12345" + FileOperator.TempSuffix, temp, StringComparison.Ordinal);
        Assert.StartsWith(".€€", temp, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', temp);
    }

    [Fact]
    public void CheckAll_FileNameOf255Bytes_CopiedAndMovedNoLeftover()
    {
        using var box = new Sandbox();
        var name = new string('€', 85);
        box.Source("ae_updater_copies/" + name, "c").Source("ae_updater_over_copies/x/" + name, "o");

        var report = AppEnvUpdater.CheckAll(box.Options());

        Assert.All(report.Operations, o => Assert.Equal(OperationOutcome.Copied, o.Outcome));
        Assert.Equal("c", File.ReadAllText(box.UsrPath(name)));
        Assert.Equal("o", File.ReadAllText(box.UsrPath("x/" + name)));
        Assert.DoesNotContain(box.Tree.AllFiles(), f => f.EndsWith(FileOperator.TempSuffix, StringComparison.Ordinal));
    }

    // ---- 3. Aliases through symbolic links; the state directory is never a destination ----

    [Fact]
    public void CheckAll_DestinationIsAnAliasOfItsOwnDropInFolder_Rejected()
    {
        if (!Linux)
        {
            return;
        }

        using var box = new Sandbox();
        box.Source("ae_updater_copies___ToPath__﹛usr﹜⁄alias/a.txt", "a").Source("ae_updater_moves/m.txt", "m");
        box.Tree.Link("home/.config/alias", box.RootPath("ae_updater_moves"));

        var report = AppEnvUpdater.CheckAll(box.Options());

        var rejected = Assert.Single(report.Rejected);
        Assert.Contains("inside another drop-in folder", rejected.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(box.RootPath("ae_updater_moves/a.txt")));
    }

    [Fact]
    public void CheckAll_DestinationIsTheStateDirectoryDirectlyThroughAnAliasOrInside_RefusedLockAndJournalIntact()
    {
        if (!Linux)
        {
            return;
        }

        using var box = new Sandbox();
        var state = box.UsrPath("appstate");
        box.Tree.Link("home/.config/statealias", state);
        box.Source("ae_updater_over_copies___ToPath__" + Defuser.Defuse(state) + "/lock", "x")
            .Source("ae_updater_over_copies___ToPath__﹛usr﹜⁄statealias/journal.jsonl", "x")
            .Source("ae_updater_over_copies/appstate/plugins.jsonl", "x")
            .Source("ae_updater_over_copies/statealias/journal.jsonl", "x")
            .Source("ae_updater_copies/fine.txt", "fine");
        AppEnvUpdater.CheckAll(box.Options(o => o.StateDirectory = state)); // creates the state directory and its journal
        File.WriteAllText(Path.Join(state, "plugins.jsonl"), "{}");

        var report = AppEnvUpdater.CheckAll(box.Options(o => o.StateDirectory = state));

        Assert.Equal(2, report.Rejected.Count);
        Assert.All(report.Rejected, r => Assert.Contains("is the state directory", r.Reason, StringComparison.Ordinal));
        var failed = report.Operations.Where(o => o.Outcome == OperationOutcome.Failed).OrderBy(o => o.Source, StringComparer.Ordinal).ToList();
        Assert.Equal(2, failed.Count);
        Assert.Contains("inside the state directory", failed[0].Error, StringComparison.Ordinal); // planned: appstate/plugins.jsonl
        Assert.Contains("symbolic link", failed[1].Error, StringComparison.Ordinal); // acted: statealias is never followed
        Assert.NotEqual("x", File.ReadAllText(Path.Join(state, "lock")));
        Assert.NotEqual("x", File.ReadAllText(Path.Join(state, "journal.jsonl")));
        Assert.Equal("{}", File.ReadAllText(Path.Join(state, "plugins.jsonl")));
        Assert.Equal("fine", File.ReadAllText(box.UsrPath("fine.txt")));
    }

    [Fact]
    public void CheckAll_StateDirectoryIsInsideADropInFolderThroughAnAlias_OptionsException()
    {
        if (!Linux)
        {
            return;
        }

        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "a");
        box.Tree.Link("home/statealias", box.RootPath("ae_updater_copies"));

        var e = Assert.Throws<UpdaterOptionsException>(() => AppEnvUpdater.CheckAll(box.Options(o => o.StateDirectory = box.Tree.PathOf("home/statealias/state"))));

        Assert.Contains("inside a drop-in folder", Assert.Single(e.Errors), StringComparison.Ordinal);
        Assert.False(Directory.Exists(box.RootPath("ae_updater_copies/state")));
    }

    [Fact]
    public void CheckAll_StateDirectoryThroughAnAliasAndAnotherBadOption_BothAreNamedInOneException()
    {
        if (!Linux)
        {
            return;
        }

        // The real-path check of the state directory waits until a drop-in folder is seen, unless another option is
        // invalid too: then one exception still names both.
        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "a");
        box.Tree.Link("home/statealias", box.RootPath("ae_updater_copies"));

        var e = Assert.Throws<UpdaterOptionsException>(() => AppEnvUpdater.CheckAll(box.Options(o =>
        {
            o.StateDirectory = box.Tree.PathOf("home/statealias/state");
            o.DefaultDestination = "{no_such_placeholder}";
        })));

        Assert.Equal(2, e.Errors.Count);
        Assert.Contains(e.Errors, error => error.Contains("inside a drop-in folder", StringComparison.Ordinal));
        Assert.Contains(e.Errors, error => error.StartsWith(nameof(UpdaterOptions.DefaultDestination), StringComparison.Ordinal));
    }

    // ---- 4. Folders swapped for links while CheckAll runs ----

    [Fact]
    public async Task CheckAll_RacingProcessSwapsFoldersForLinksToAVictim_VictimUntouched()
    {
        if (!Linux)
        {
            return;
        }

        using var box = new Sandbox();
        box.Tree.File("victim/keep.txt", "victim").File("victim2/secret.txt", "secret");
        var victimBefore = Snapshot(box.Tree.PathOf("victim"));
        var victim2Before = Snapshot(box.Tree.PathOf("victim2"));
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        var swaps = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(4) && rounds < 200)
        {
            for (var i = 0; i < 20; i++)
            {
                box.Source($"ae_updater_over_copies/sub/f{i}.txt", "new").Source($"ae_updater_moves/msub/m{rounds}-{i}.txt", "m");
            }

            box.Existing("sub/keep", "k");
            var destination = box.UsrPath("sub");
            var source = box.RootPath("ae_updater_moves/msub");
            var script = $"""
                while true; do
                  mv '{destination}' '{destination}.real' 2>/dev/null && ln -s '{box.Tree.PathOf("victim")}' '{destination}' && rm -f '{destination}' && mv '{destination}.real' '{destination}'
                  mv '{source}' '{source}.real' 2>/dev/null && ln -s '{box.Tree.PathOf("victim2")}' '{source}' && rm -f '{source}' && mv '{source}.real' '{source}'
                  echo s
                done
                """;
            using var racer = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardOutput = true })!;
            var output = racer.StandardOutput.ReadToEndAsync();
            try
            {
                var report = AppEnvUpdater.CheckAll(box.Options());
                Assert.All(report.Operations, o => Assert.NotEqual(OperationOutcome.Planned, o.Outcome));
            }
            finally
            {
                racer.Kill(entireProcessTree: true);
                racer.WaitForExit(5000);
            }

            swaps += (await output).Length / 2;
            RestoreIfSwapped(destination);
            RestoreIfSwapped(source);
            rounds++;
        }

        Assert.True(swaps > 0, "the racer never swapped a folder");
        Assert.Equal(victimBefore, Snapshot(box.Tree.PathOf("victim")));
        Assert.Equal(victim2Before, Snapshot(box.Tree.PathOf("victim2")));
        Assert.DoesNotContain(box.Tree.AllFiles(), f => f.EndsWith("secret.txt", StringComparison.Ordinal) && !f.StartsWith("victim2/", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckAll_DestinationSwappedBetweenPlanAndAct_NothingWrittenInTheSubstitute()
    {
        if (!Linux)
        {
            return;
        }

        using var box = new Sandbox();
        box.Source("ae_updater_copies___ToPath__﹛usr﹜⁄linked/a.txt", "a").Source("ae_updater_copies___ToPath__﹛usr﹜⁄renamed/b.txt", "b");
        box.Existing("linked/keep", "k").Existing("renamed/keep", "k");
        box.Tree.File("victim/keep.txt", "victim");
        var swapped = false;
        var options = box.Options(o => o.StepHook = step =>
        {
            if (step == "journal:begun" && !swapped)
            {
                // After planning, before acting: one destination becomes a link to the victim, the other is replaced by
                // another real folder (the victim's twin), which no path check can tell apart.
                swapped = true;
                Directory.Move(box.UsrPath("linked"), box.UsrPath("linked.old"));
                File.CreateSymbolicLink(box.UsrPath("linked"), box.Tree.PathOf("victim"));
                Directory.Move(box.UsrPath("renamed"), box.UsrPath("renamed.old"));
                Directory.CreateDirectory(box.UsrPath("renamed"));
            }
        });

        var report = AppEnvUpdater.CheckAll(options);

        Assert.True(swapped);
        Assert.Equal(["keep.txt"], Directory.GetFiles(box.Tree.PathOf("victim")).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(box.UsrPath("renamed")));
        var failed = report.Operations.OrderBy(o => o.Source, StringComparer.Ordinal).ToList();
        Assert.All(failed, o => Assert.Equal(OperationOutcome.Failed, o.Outcome));
        Assert.Contains("symbolic link", failed[0].Error, StringComparison.Ordinal);
        Assert.Contains("replaced by another folder after planning", failed[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAll_StateDirectoryMovedIntoTheDestinationAfterPlanning_RefusedOnItsIdentity()
    {
        if (!Linux)
        {
            return;
        }

        using var box = new Sandbox();
        var state = box.Tree.PathOf("state");
        box.Source("ae_updater_over_copies/sub/lock", "x").Existing("placeholder", "p");
        var options = box.Options(o =>
        {
            o.StateDirectory = state;
            o.StepHook = step =>
            {
                if (step == "journal:begun")
                {
                    Directory.Move(state, box.UsrPath("sub")); // the planned folder 'sub' did not exist: now it is the state directory
                }
            };
        });

        var report = AppEnvUpdater.CheckAll(options);

        var op = Assert.Single(report.Operations);
        Assert.Equal(OperationOutcome.Failed, op.Outcome);
        Assert.Contains("is the state directory", op.Error, StringComparison.Ordinal);
        Assert.NotEqual("x", File.ReadAllText(box.UsrPath("sub/lock")));
    }

    [Fact]
    public void CheckAll_EmptiedSourceFolderParentSwappedForALink_NoFolderRemovedThroughTheLink()
    {
        if (!Linux)
        {
            return;
        }

        // After the last move, a racing process moves the emptied folder's parent away and puts a link in its place, to a
        // folder whose empty sub-folder has the same name. Removing the emptied folder by its path would follow the link
        // and remove the victim's folder; it is removed through the parent's handle, opened without following links.
        using var box = new Sandbox();
        box.Source("ae_updater_moves/a/b/f.txt", "f");
        Directory.CreateDirectory(box.Tree.PathOf("victim/b"));
        var options = box.Options(o => o.StepHook = step =>
        {
            if (step == "move:renamed")
            {
                Directory.Move(box.RootPath("ae_updater_moves/a"), box.Tree.PathOf("moved-away"));
                File.CreateSymbolicLink(box.RootPath("ae_updater_moves/a"), box.Tree.PathOf("victim"));
            }
        });

        var report = AppEnvUpdater.CheckAll(options);

        Assert.Equal([box.UsrPath("a/b/f.txt")], report.Processed);
        Assert.True(Directory.Exists(box.Tree.PathOf("victim/b")), "the victim's empty folder stays");
        Assert.NotNull(new DirectoryInfo(box.RootPath("ae_updater_moves/a")).LinkTarget);
        Assert.False(Directory.Exists(box.Tree.PathOf("moved-away/b")), "the folder the run emptied is removed, where it now is");
    }

    // ---- 5. Special files ----

    [Fact]
    public async Task CheckAll_FifoDeviceAndSocketInDropInFolders_RefusedNeverOpenedRestApplied()
    {
        if (!Linux)
        {
            return;
        }

        using var box = new Sandbox();
        box.Source("ae_updater_copies/regular.txt", "r").Source("ae_updater_moves/regular-m.txt", "m");
        Shell($"mkfifo '{box.RootPath("ae_updater_copies/pipe")}' '{box.RootPath("ae_updater_moves/pipe")}'");
        var withDevice = ReadOnlyFolder.IsRoot;
        if (withDevice)
        {
            Shell($"mknod '{box.RootPath("ae_updater_over_copies/zero")}' c 1 5 2>/dev/null || (mkdir -p '{box.RootPath("ae_updater_over_copies")}' && mknod '{box.RootPath("ae_updater_over_copies/zero")}' c 1 5)");
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(box.RootPath("ae_updater_moves/sock")));

        // Bounded: a FIFO opened for reading would hang the run forever (WaitAsync throws TimeoutException).
        var report = await Task.Run(() => AppEnvUpdater.CheckAll(box.Options())).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal([box.UsrPath("regular-m.txt"), box.UsrPath("regular.txt")], report.Processed.Order(StringComparer.Ordinal));
        var refused = report.Operations.Where(o => o.Outcome == OperationOutcome.Skipped).ToList();
        Assert.Equal(withDevice ? 4 : 3, refused.Count);
        Assert.Equal(2, refused.Count(o => o.Error!.Contains("FIFO", StringComparison.Ordinal)));
        Assert.Single(refused, o => o.Error!.Contains("socket", StringComparison.Ordinal));
        if (withDevice)
        {
            Assert.Single(refused, o => o.Error!.Contains("character device", StringComparison.Ordinal));
            Assert.False(File.Exists(box.UsrPath("zero")));
        }

        Assert.False(File.Exists(box.UsrPath("pipe")) || File.Exists(box.UsrPath("sock")));
        Assert.True(File.Exists(box.RootPath("ae_updater_moves/pipe")), "a refused special file stays where it is");
    }

    // ---- 6. Disk conditions ----

    [Fact]
    public void CheckAll_NamesNotValidUtf8AndPathLongerThanPathMax_PerFileAndPerFolderFailuresRestApplied()
    {
        if (!Linux)
        {
            return;
        }

        using var box = new Sandbox();
        box.Source("ae_updater_moves/ok.txt", "ok").Source("ae_updater_copies/ok2.txt", "ok2");
        var moves = box.RootPath("ae_updater_moves");
        Shell($"cd '{moves}' && printf x > \"$(printf 'bad\\377name.txt')\" && mkdir \"$(printf 'dir\\377')\" && printf y > \"$(printf 'dir\\377')/inside.txt\"");
        var segment = new string('d', 200);
        Shell($"cd '{box.RootPath("ae_updater_copies")}' && for i in $(seq 25); do mkdir {segment} && cd {segment}; done && printf deep > deep.txt");
        try
        {
            var report = AppEnvUpdater.CheckAll(box.Options());

            Assert.Equal([box.UsrPath("ok.txt"), box.UsrPath("ok2.txt")], report.Processed.Order(StringComparer.Ordinal));
            var failed = report.Operations.Where(o => o.Outcome == OperationOutcome.Failed).ToList();
            Assert.Contains(failed, o => o.Error!.Contains("not valid UTF-8", StringComparison.Ordinal) && o.Source.EndsWith("name.txt", StringComparison.Ordinal));
            Assert.Contains(failed, o => o.Error!.Contains("cannot be listed (its name is not valid UTF-8)", StringComparison.Ordinal));
            Assert.Contains(failed, o => o.Error!.Contains("cannot be listed", StringComparison.Ordinal) && o.Source.Length > 4096);
            Assert.Equal(3, failed.Count);
            Assert.Equal(2, Directory.GetFileSystemEntries(moves).Length); // ok.txt moved; the two bad names stay
        }
        finally
        {
            Shell($"rm -rf '{box.RootPath("ae_updater_copies")}/{segment}' '{moves}'"); // names TempTree cannot delete
        }
    }

    [Fact]
    public async Task CheckAll_AsAUserWhoCannotListASubFolder_PerFolderFailureRestAppliedNoCrash()
    {
        // Root reads every folder, so the run is another user's: CheckAll runs in a child process (the crash host) as the
        // second user, whose drop-in folder holds a sub-folder owned by root with mode 700.
        if (!Linux || !OtherUser.Available)
        {
            return;
        }

        using var tree = TempTree.Create();
        tree.File("root/ae_updater_copies/ok.txt", "ok").File("root/ae_updater_copies/closed/secret.txt", "s").Folder("home");
        File.SetUnixFileMode(tree.Root, (UnixFileMode)0x1ed); // 755
        _ = OtherUser.Uid;
        Shell($"chown -R {OtherUser.Name}: '{tree.PathOf("root")}' '{tree.PathOf("home")}' && chown root: '{tree.PathOf("root/ae_updater_copies/closed")}' && chmod 700 '{tree.PathOf("root/ae_updater_copies/closed")}'");
        var host = CrashHost.StartInfo(tree.PathOf("root"), tree.PathOf("home"));
        var info = new ProcessStartInfo("runuser", ["-u", OtherUser.Name, "--", host.FileName, .. host.ArgumentList])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in host.Environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var result = CrashHost.Parse(await stdout);

        Assert.True(result is not null, $"exit {process.ExitCode}: {await stderr}");
        Assert.Equal(1, process.ExitCode); // a failure is reported, nothing thrown
        Assert.Equal([tree.PathOf("home/.config/ok.txt")], result.Processed);
        Assert.Contains($"Failed {tree.PathOf("home/.config/closed")}", result.Operations);
        Assert.False(File.Exists(tree.PathOf("home/.config/closed/secret.txt")));
    }

    // ---- 7. Across file systems with a source that cannot be deleted ----

    [Fact]
    public void CheckAll_OverMoveAcrossFileSystemsSourceUndeletable_ReportTellsTheTruthAndNextStartDoesNotRewrite()
    {
        const string Shm = "/dev/shm";
        if (!Linux || !Directory.Exists(Shm) || !ReadOnlyFolder.IsRoot)
        {
            return;
        }

        using var box = new Sandbox();
        using var other = TempTree.Create(Shm);
        var folder = "ae_updater_over_moves___ToPath__" + Defuser.Defuse(other.Root);
        box.Source(folder + "/a.txt", "new");
        other.File("a.txt", "old");
        var source = box.RootPath(folder + "/a.txt");
        Shell($"chattr +i '{source}'");
        try
        {
            var first = AppEnvUpdater.CheckAll(box.Options());

            var op = Assert.Single(first.Operations);
            Assert.Equal(OperationOutcome.Failed, op.Outcome);
            Assert.Contains("WAS written", op.Error, StringComparison.Ordinal);
            Assert.Contains("could not be deleted", op.Error, StringComparison.Ordinal);
            Assert.Equal("new", other.ReadText("a.txt"));
            Assert.True(File.Exists(source));
            Assert.Equal(0, Posix.StatAt(Posix.AtFdCwd, other.PathOf("a.txt"), out var written));

            var second = AppEnvUpdater.CheckAll(box.Options());

            var again = Assert.Single(second.Operations);
            Assert.Equal(OperationOutcome.Failed, again.Outcome);
            Assert.Contains("not written again", again.Error, StringComparison.Ordinal);
            Assert.Equal(0, Posix.StatAt(Posix.AtFdCwd, other.PathOf("a.txt"), out var after));
            Assert.Equal(written.Id, after.Id);
            Assert.Equal(["a.txt"], other.AllFiles());
        }
        finally
        {
            Shell($"chattr -i '{source}'");
        }

        var third = AppEnvUpdater.CheckAll(box.Options());
        Assert.Equal(OperationOutcome.Moved, Assert.Single(third.Operations).Outcome);
        Assert.False(File.Exists(source));
    }

    private static void WriteJournal(string state, string runId, params (bool Move, string Source, string Destination)[] intents) =>
        WriteJournal(state, runId, intents, []);

    private static void WriteJournal(string state, string runId, (bool Move, string Source, string Destination)[] intents, string[] extra)
    {
        Directory.CreateDirectory(state);
        var lines = new List<string>
        {
            $$"""{"type":"run","id":"{{runId}}","started":"2026-11-30T00:00:00+00:00","root":"/nowhere","pid":1,"operations":{{intents.Length}}}""",
        };
        lines.AddRange(intents.Select((intent, i) => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "intent",
            ["i"] = i,
            ["kind"] = intent.Move ? "move" : "copy",
            ["overwrite"] = false,
            ["source"] = intent.Source,
            ["destination"] = intent.Destination,
        })));
        lines.AddRange(extra);
        File.WriteAllLines(Path.Join(state, "journal.jsonl"), lines);
    }

    private static SortedDictionary<string, string> Snapshot(string folder) =>
        new(Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .ToDictionary(p => Path.GetRelativePath(folder, p), p => File.Exists(p) ? File.ReadAllText(p) : "<dir>"), StringComparer.Ordinal);

    private static void RestoreIfSwapped(string folder)
    {
        if (new FileInfo(folder).LinkTarget is not null)
        {
            File.Delete(folder);
        }

        if (Directory.Exists(folder + ".real"))
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.Move(folder + ".real", folder);
        }
    }

    private static void Shell(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", command]) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), $"'{command}' did not finish");
        Assert.True(process.ExitCode == 0, $"'{command}' failed: {error.Result}");
    }
}
