using AeUpdater.Journaling;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Journaling;

public sealed class StateAndLockTests
{
    [Fact]
    public void CheckAll_LockHeldPastTimeout_ChangesNothingAndSaysWhy()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_moves/a.txt", "a");
        var state = box.UsrPath("TestApp/.aeupdater");
        using var held = StateLock.TryAcquire(state, TimeSpan.Zero, default, out _);
        Assert.NotNull(held);

        var report = AppEnvUpdater.CheckAll(box.Options(o => o.LockTimeout = TimeSpan.FromMilliseconds(300)));

        Assert.Contains("another process holds the state lock", report.NotRunReason, StringComparison.Ordinal);
        Assert.True(report.HasFailures);
        Assert.Empty(report.Operations);
        Assert.True(File.Exists(box.RootPath("ae_updater_moves/a.txt")));
    }

    [Fact]
    public void CheckAll_LockHolderDies_NextRunTakesItAtOnce()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "a").Source("ae_updater_moves/b.txt", "b");
        var (exit, _, _) = CrashHost.Run(box.Root, box.Tree.PathOf("home"), crashAt: 2);
        Assert.Equal(137, exit);

        var report = AppEnvUpdater.CheckAll(box.Options(o =>
        {
            o.AppName = "CrashApp";
            o.LockTimeout = TimeSpan.FromSeconds(1);
        }));

        Assert.Null(report.NotRunReason);
        Assert.NotNull(report.Recovery);
        Assert.True(File.Exists(box.UsrPath("a.txt")) && File.Exists(box.UsrPath("b.txt")));
    }

    [Fact]
    public void CheckAll_NothingInRootAndNoState_CreatesNothing()
    {
        using var box = new Sandbox();
        box.Source("bin/app.dll", "x");

        AppEnvUpdater.CheckAll(box.Options());

        Assert.False(Directory.Exists(box.Usr));
    }

    [Fact]
    public void CheckAll_StateDirectoryOption_HoldsJournalAndLock()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "a");
        var state = box.Tree.PathOf("state");

        var report = AppEnvUpdater.CheckAll(box.Options(o => o.StateDirectory = state));

        Assert.Equal(state, report.StateDirectory);
        Assert.True(File.Exists(Path.Join(state, FileJournal.JournalFileName)));
        Assert.True(File.Exists(Path.Join(state, StateLock.FileName)));
    }

    [Fact]
    public void CheckAll_StateDirectoryInsideDropInFolder_InvalidOptions()
    {
        using var box = new Sandbox();

        var e = Assert.Throws<UpdaterOptionsException>(() =>
            AppEnvUpdater.CheckAll(box.Options(o => o.StateDirectory = "ae_updater_copies/.state")));

        Assert.Contains("inside a drop-in folder", Assert.Single(e.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAll_WithMemoryJournal_RecordsRunIntentsDoneAndEnd()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "a").Source("ae_updater_moves/b.txt", "b").Existing("b.txt", "user");
        var journal = new MemoryJournal();

        AppEnvUpdater.CheckAll(box.Options(o => o.JournalFactory = _ => journal));

        Assert.Equal(["run 2", "done 0 Copied", "done 1 Skipped", "end 1 0"], journal.Records);
    }

    [Fact]
    public void CheckAll_PluginRunInterruptedByCrash_ReportedOnceThenRunsAgain()
    {
        using var box = new Sandbox();
        box.Tree.CopyFrom(Plugins.TestPlugins.OutputOf(Plugins.TestPlugins.CountsRuns), "root/ae_updater");
        var (exit, _, _) = CrashHost.Run(box.Root, box.Tree.PathOf("home"), crashAt: 1);
        Assert.Equal(137, exit);
        var options = box.Options(o =>
        {
            o.AppName = "CrashApp";
            o.TrustAnyPlugin = true;
        });

        var first = AppEnvUpdater.CheckAll(options);
        var second = AppEnvUpdater.CheckAll(options);

        Assert.Equal(["ae_updater"], first.Recovery!.PluginsInterrupted);
        Assert.True(first.Plugins[0].Deleted);
        Assert.Null(second.Recovery);
        Assert.Equal(["ran"], File.ReadAllLines(box.UsrPath("oneshot-runs.log")));
    }

    [Fact]
    public void CheckAll_DryRunWithLargeLedger_WritesNothing()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "a");
        var state = box.Tree.PathOf("state");
        using (var journal = new FileJournal(state, Durability.Fast, TimeProvider.System))
        {
            for (var i = 0; i <= FileJournal.CompactAfterRecords; i++)
            {
                journal.PluginStarted("ae_pre_app_run", "h");
                journal.PluginEnded("ae_pre_app_run", "h", PluginEnd.ReturnedFalse, null);
            }
        }

        var before = File.ReadAllBytes(Path.Join(state, FileJournal.PluginsFileName));

        AppEnvUpdater.CheckAll(box.Options(o =>
        {
            o.StateDirectory = state;
            o.DryRun = true;
        }));

        Assert.Equal(before, File.ReadAllBytes(Path.Join(state, FileJournal.PluginsFileName)));
        Assert.Equal([FileJournal.PluginsFileName], Directory.GetFiles(state).Select(Path.GetFileName));
    }
}
