using AeUpdater.Tests.Plugins;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Engine;

/// <summary>Plugins through the public entry points: upstream cases 7, 8, 17, 18, and the plugin ledger (exactly-once, quarantine).</summary>
public sealed class CheckAllPluginTests
{
    private static UpdaterOptions Trusting(Sandbox box, Action<UpdaterOptions>? configure = null) =>
        box.Options(o =>
        {
            o.TrustAnyPlugin = true;
            configure?.Invoke(o);
        });

    private static Sandbox WithPlugin(string project, string folder = "")
    {
        var box = new Sandbox();
        box.Tree.CopyFrom(TestPlugins.OutputOf(project), "root/" + folder);
        return box;
    }

    private static int Runs(Sandbox box) =>
        File.Exists(box.UsrPath("oneshot-runs.log")) ? File.ReadAllLines(box.UsrPath("oneshot-runs.log")).Length : 0;

    // 7. TestCheckAll.test_updater_via_check_all
    [Fact]
    public void CheckAll_OneShotReturnsTrue_RunsAndDeletesIt()
    {
        using var box = WithPlugin(TestPlugins.ReturnsTrue);

        var report = AppEnvUpdater.CheckAll(Trusting(box));

        var plugin = Assert.Single(report.Plugins);
        Assert.Equal(("ae_updater", true, true, true), (plugin.Name, plugin.Ran, plugin.Result!.Value, plugin.Deleted));
        Assert.False(File.Exists(box.RootPath("ae_updater.dll")));
        Assert.False(File.Exists(box.RootPath("ae_updater.deps.json")));
    }

    // 8. TestCheckAll.test_pre_app_runs_via_check_all
    [Fact]
    public void CheckAll_EveryStartPlugin_RunsAndIsKept()
    {
        using var box = WithPlugin(TestPlugins.EveryStart);

        var report = AppEnvUpdater.CheckAll(Trusting(box));
        var again = AppEnvUpdater.CheckAll(Trusting(box));

        Assert.True(Assert.Single(report.Plugins).Ran);
        Assert.True(Assert.Single(again.Plugins).Ran);
        Assert.True(File.Exists(box.RootPath("ae_pre_app_run.dll")));
    }

    // 17. TestRunUpdater.test_updater
    [Fact]
    public void CheckLocalUpdates_OneShot_RunsAndDeletesButAppliesNoFiles()
    {
        using var box = WithPlugin(TestPlugins.CountsRuns, "ae_updater");
        box.Source("ae_updater_copies/a.txt", "a");

        var report = AppEnvUpdater.CheckLocalUpdates(Trusting(box));

        Assert.True(Assert.Single(report.Plugins).Deleted);
        Assert.False(Directory.Exists(box.RootPath("ae_updater")));
        Assert.Equal(1, Runs(box));
        Assert.Empty(report.Operations);
        Assert.False(File.Exists(box.UsrPath("a.txt")));
    }

    // 18. TestRunUpdater.test_pre_app_runs
    [Fact]
    public void CheckLocalPreAppRuns_EveryStart_RunsAndKeeps()
    {
        using var box = WithPlugin(TestPlugins.EveryStart);

        var report = AppEnvUpdater.CheckLocalPreAppRuns(Trusting(box));

        Assert.True(Assert.Single(report.Plugins).Result);
        Assert.True(File.Exists(box.RootPath("ae_pre_app_run.dll")));
    }

    [Fact]
    public void CheckAll_OneShotThrows_KeptReportedAndFilesStillApplied()
    {
        using var box = WithPlugin(TestPlugins.Throws);
        box.Source("ae_updater_moves/a.txt", "a");

        var report = AppEnvUpdater.CheckAll(Trusting(box));

        var plugin = Assert.Single(report.Plugins);
        Assert.True(plugin.Ran);
        Assert.Contains("threw", plugin.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(box.RootPath("ae_updater.dll")));
        Assert.Equal([box.UsrPath("a.txt")], report.Processed);
        Assert.True(report.HasFailures);
    }

    [Fact]
    public void CheckAll_SameOneShotBytesAfterSuccess_DeletedWithoutRunningAgain()
    {
        using var box = WithPlugin(TestPlugins.CountsRuns, "ae_updater");
        AppEnvUpdater.CheckAll(Trusting(box));
        Assert.Equal(1, Runs(box));

        // The same bytes appear again (e.g. a crash came after the success was recorded but before the deletion).
        box.Tree.CopyFrom(TestPlugins.OutputOf(TestPlugins.CountsRuns), "root/ae_updater");
        var report = AppEnvUpdater.CheckAll(Trusting(box));

        var plugin = Assert.Single(report.Plugins);
        Assert.Equal((false, true, true), (plugin.Ran, plugin.Result!.Value, plugin.Deleted));
        Assert.Equal(1, Runs(box));
        Assert.False(Directory.Exists(box.RootPath("ae_updater")));
    }

    /// <remarks>
    /// A real partial deletion failure: the one-shot's own dll is immutable (<c>chattr +i</c>, which holds for root too),
    /// so deleting its folder fails part-way. Before the fix the rest of the folder (.deps.json, .pdb) was deleted, the
    /// files' hash changed, and the migration ran again at the next start.
    /// </remarks>
    [Fact]
    public void CheckAll_OneShotSucceededButDeletionFailedPartWay_NeverRunsAgain()
    {
        if (OperatingSystem.IsWindows() || !ReadOnlyFolder.IsRoot)
        {
            return;
        }

        using var box = WithPlugin(TestPlugins.CountsRuns, "ae_updater");
        var dll = box.RootPath("ae_updater/ae_updater.dll");
        ReadOnlyFolder.Make(dll);
        try
        {
            var first = Assert.Single(AppEnvUpdater.CheckAll(Trusting(box)).Plugins);
            Assert.Equal((true, true, false), (first.Ran, first.Result!.Value, first.Deleted));
            Assert.Contains("could not be deleted", first.Error, StringComparison.Ordinal);

            var second = Assert.Single(AppEnvUpdater.CheckAll(Trusting(box)).Plugins);
            Assert.Equal((false, true, false), (second.Ran, second.Result!.Value, second.Deleted));
            Assert.Equal(1, Runs(box));
        }
        finally
        {
            ReadOnlyFolder.Release(dll);
        }

        var third = Assert.Single(AppEnvUpdater.CheckAll(Trusting(box)).Plugins);

        Assert.Equal((false, true, true), (third.Ran, third.Result!.Value, third.Deleted));
        Assert.Equal(1, Runs(box));
        Assert.False(Directory.Exists(box.RootPath("ae_updater")));
    }

    /// <remarks>The other way round: a data file in the folder cannot be deleted, the dll is gone, the plugin is no longer found.</remarks>
    [Fact]
    public void CheckAll_OneShotSucceededButADataFileIsUndeletable_NeverRunsAgainAndSaysWhatIsLeft()
    {
        if (OperatingSystem.IsWindows() || !ReadOnlyFolder.IsRoot)
        {
            return;
        }

        using var box = WithPlugin(TestPlugins.CountsRuns, "ae_updater");
        box.Source("ae_updater/notes.txt", "data");
        var notes = box.RootPath("ae_updater/notes.txt");
        ReadOnlyFolder.Make(notes);
        try
        {
            var first = Assert.Single(AppEnvUpdater.CheckAll(Trusting(box)).Plugins);
            Assert.Equal((true, true, false), (first.Ran, first.Result!.Value, first.Deleted));
            Assert.Contains(notes, first.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(box.RootPath("ae_updater/ae_updater.dll")));

            var second = AppEnvUpdater.CheckAll(Trusting(box));
            Assert.Empty(second.Plugins);
            Assert.Equal(1, Runs(box));
        }
        finally
        {
            ReadOnlyFolder.Release(notes);
        }
    }

    [Fact]
    public void CheckAll_PluginWritesDataIntoItsFolder_SameLedgerIdentity()
    {
        using var box = WithPlugin(TestPlugins.Throws, "ae_updater");
        var options = Trusting(box, o => o.MaxPluginFailures = 2);

        AppEnvUpdater.CheckAll(options);
        box.Source("ae_updater/cache.bin", "written by the plugin");
        AppEnvUpdater.CheckAll(options);
        box.Source("ae_updater/cache.bin", "written again, other bytes");
        var third = Assert.Single(AppEnvUpdater.CheckAll(options).Plugins);

        Assert.True(third.Quarantined, third.Error);
    }

    [Fact]
    public void CheckAll_PluginThrowsRepeatedly_QuarantinedUntilItsBytesChange()
    {
        using var box = WithPlugin(TestPlugins.Throws);
        var options = Trusting(box, o => o.MaxPluginFailures = 2);

        var first = AppEnvUpdater.CheckAll(options);
        var second = AppEnvUpdater.CheckAll(options);
        var third = AppEnvUpdater.CheckAll(options);

        Assert.True(first.Plugins[0].Ran && second.Plugins[0].Ran);
        var quarantined = Assert.Single(third.Plugins);
        Assert.True(quarantined.Quarantined);
        Assert.False(quarantined.Ran);
        Assert.Contains("Quarantined", quarantined.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(box.RootPath("ae_updater.dll")), "a quarantined plugin is kept");

        box.Tree.CopyFrom(TestPlugins.OutputOf(TestPlugins.ReturnsFalse), "root");
        var changed = AppEnvUpdater.CheckAll(options);

        Assert.Equal((true, false, false), (changed.Plugins[0].Ran, changed.Plugins[0].Result!.Value, changed.Plugins[0].Quarantined));
    }

    [Fact]
    public void CheckAll_OneShotReturnsFalse_RunsAgainNextStartAndIsNotCountedAsFailure()
    {
        using var box = WithPlugin(TestPlugins.ReturnsFalse);
        var options = Trusting(box, o => o.MaxPluginFailures = 1);

        var reports = Enumerable.Range(0, 3).Select(_ => AppEnvUpdater.CheckAll(options)).ToList();

        Assert.All(reports, r => Assert.Equal((true, false, false), (r.Plugins[0].Ran, r.Plugins[0].Result!.Value, r.HasFailures)));
        Assert.True(File.Exists(box.RootPath("ae_updater.dll")));
    }

    [Fact]
    public void CheckAll_DryRun_LoadsAndRunsNoPlugin()
    {
        using var box = WithPlugin(TestPlugins.CountsRuns, "ae_updater");

        var report = AppEnvUpdater.CheckAll(Trusting(box, o => o.DryRun = true));

        Assert.False(Assert.Single(report.Plugins).Ran);
        Assert.Equal(0, Runs(box));
        Assert.True(Directory.Exists(box.RootPath("ae_updater")));
        Assert.False(Directory.Exists(box.UsrPath("TestApp/.aeupdater")), "a dry run creates no state directory");
    }
}
