using AeUpdater.Journaling;
using AeUpdater.Tests.Plugins;
using AeUpdater.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AeUpdater.Tests.Journaling;

/// <summary>Forgetting a plugin's failures or success (<c>ae-updater forget-plugin</c>): the crash-loop guard and exactly-once honour it.</summary>
public sealed class ForgetPluginTests
{
    [Fact]
    public void Forget_Failures_LiftsTheQuarantineAndThePluginRunsAgain()
    {
        using var box = new Sandbox();
        box.Tree.CopyFrom(TestPlugins.OutputOf(TestPlugins.Throws), "root");
        var options = box.Options(o =>
        {
            o.TrustAnyPlugin = true;
            o.MaxPluginFailures = 2;
        });
        AppEnvUpdater.CheckAll(options);
        AppEnvUpdater.CheckAll(options);
        Assert.True(AppEnvUpdater.CheckAll(options).Plugins[0].Quarantined);

        var (changed, error) = StateInspector.Forget(RunContext.Create(options, NullLogger.Instance, default), "ae_updater", failures: true, success: false);
        var ledger = File.ReadAllLines(box.UsrPath("TestApp/.aeupdater/" + FileJournal.PluginsFileName));
        var after = AppEnvUpdater.CheckAll(options);

        Assert.Equal((1, null), (changed, error));
        Assert.True(after.Plugins[0].Ran);
        Assert.False(after.Plugins[0].Quarantined);
        Assert.Empty(ledger); // nothing left to remember about these bytes: no failures, no success
    }

    [Fact]
    public void Forget_Success_SameOneShotBytesRunAgainInsteadOfBeingDeletedUnrun()
    {
        using var box = new Sandbox();
        box.Tree.CopyFrom(TestPlugins.OutputOf(TestPlugins.CountsRuns), "root/ae_updater");
        var options = box.Options(o => o.TrustAnyPlugin = true);
        AppEnvUpdater.CheckAll(options);
        box.Tree.CopyFrom(TestPlugins.OutputOf(TestPlugins.CountsRuns), "root/ae_updater");

        var (changed, error) = StateInspector.Forget(RunContext.Create(options, NullLogger.Instance, default), "ae_updater", failures: false, success: true);
        var again = AppEnvUpdater.CheckAll(options);

        Assert.Equal((1, null), (changed, error));
        Assert.True(again.Plugins[0].Ran);
        Assert.Equal(["ran", "ran"], File.ReadAllLines(box.UsrPath("oneshot-runs.log")));
    }

    [Fact]
    public void Forget_LockHeld_NothingRewrittenAndTheReasonSaid()
    {
        using var box = new Sandbox();
        var state = box.UsrPath("TestApp/.aeupdater");
        box.Tree.File("home/.config/TestApp/.aeupdater/" + FileJournal.PluginsFileName, "{\"type\":\"plugin-summary\",\"name\":\"ae_updater\",\"hash\":\"h\",\"succeeded\":false,\"failures\":5}\n");
        var before = File.ReadAllBytes(Path.Join(state, FileJournal.PluginsFileName));
        using var held = StateLock.TryAcquire(state, TimeSpan.Zero, default, out _);
        var options = box.Options(o => o.LockTimeout = TimeSpan.FromMilliseconds(200));

        var (changed, error) = StateInspector.Forget(RunContext.Create(options, NullLogger.Instance, default), "ae_updater", failures: true, success: true);

        Assert.Equal(0, changed);
        Assert.Contains("another process holds the state lock", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Join(state, FileJournal.PluginsFileName)));
    }

    [Fact]
    public void Status_ReadsUnfinishedRunAndQuarantineWithoutChangingAnything()
    {
        using var box = new Sandbox();
        var state = box.UsrPath("TestApp/.aeupdater");
        box.Tree.File("home/.config/TestApp/.aeupdater/" + FileJournal.JournalFileName,
            "{\"type\":\"run\",\"id\":\"r9\",\"started\":\"2026-11-24T01:00:00.0000000+00:00\",\"root\":\"/r\",\"pid\":1,\"operations\":1}\n" +
            "{\"type\":\"intent\",\"i\":0,\"kind\":\"copy\",\"overwrite\":false,\"source\":\"/r/ae_updater_copies/a\",\"destination\":\"/u/a\"}\n");
        box.Tree.File("home/.config/TestApp/.aeupdater/" + FileJournal.PluginsFileName, "{\"type\":\"plugin-summary\",\"name\":\"ae_updater\",\"hash\":\"h\",\"succeeded\":false,\"failures\":3,\"error\":\"boom\"}\n");
        var before = TreeSnapshot.Take(box.Tree.Root);

        var status = StateInspector.Read(RunContext.Create(box.Options(), NullLogger.Instance, default));

        Assert.Equal(state, status.StateDirectory);
        Assert.Equal(("r9", false, 1), (status.LastRun!.Id, status.LastRun.Ended, status.LastRun.Intents.Count));
        var plugin = Assert.Single(status.Plugins);
        Assert.True(status.IsQuarantined(plugin));
        Assert.Equal("boom", plugin.LastError);
        Assert.Equal(before, TreeSnapshot.Take(box.Tree.Root));
    }
}
