using System.Text.Json;
using AeUpdater.Plugins;
using AeUpdater.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace AeUpdater.Tests.Plugins;

public sealed class PluginRunnerTests
{
    [Fact]
    public void Run_NoPlugin_ReturnsNull()
    {
        using var tree = TempTree.Create().File("ae_updater_copies/a.txt", "x");

        Assert.Null(PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree)));
        Assert.Null(PluginRunner.Run(PluginKind.EveryStart, TestPlugins.Request(tree)));
    }

    [Fact]
    public void Run_OneShotReturnsTrueInRoot_RunsAndDeletesDllAndSidecars()
    {
        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.ReturnsTrue).File("keep.txt", "mine");

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.Equal(PluginReport.OneShotName, report.Name);
        Assert.Equal(tree.PathOf("ae_updater.dll"), report.Path);
        Assert.True(report.Ran);
        Assert.True(report.Result);
        Assert.True(report.Deleted);
        Assert.Null(report.Error);
        Assert.False(tree.FileExists("ae_updater.dll"));
        Assert.False(tree.FileExists("ae_updater.pdb"));
        Assert.False(tree.FileExists("ae_updater.deps.json"));
        Assert.False(tree.FileExists("ae_updater.runtimeconfig.json"));
        Assert.True(tree.FileExists("keep.txt"));
    }

    [Fact]
    public void Run_OneShotReturnsTrueInFolder_DeletesWholeFolder()
    {
        using var tree = TempTree.Create().WithPluginFolder(TestPlugins.ReturnsTrue).File("ae_updater/notes.txt", "x");

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.Equal(tree.PathOf("ae_updater/ae_updater.dll"), report.Path);
        Assert.True(report.Result);
        Assert.True(report.Deleted);
        Assert.False(tree.FolderExists("ae_updater"));
    }

    [Fact]
    public void Run_OneShotReturnsFalse_KeptAndRunsAgain()
    {
        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.ReturnsFalse);

        var first = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));
        var second = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        foreach (var report in new[] { first, second })
        {
            Assert.NotNull(report);
            Assert.True(report.Ran);
            Assert.False(report.Result);
            Assert.False(report.Deleted);
            Assert.Null(report.Error);
        }

        Assert.True(tree.FileExists("ae_updater.dll"));
        Assert.True(tree.FileExists("ae_updater.deps.json"));
    }

    [Fact]
    public void Run_PluginThrows_ReportsExceptionAndKeeps()
    {
        var logger = new ListLogger();
        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.Throws);

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree, logger: logger));

        Assert.NotNull(report);
        Assert.True(report.Ran);
        Assert.Null(report.Result);
        Assert.False(report.Deleted);
        Assert.True(report.Failed);
        Assert.Contains("System.InvalidOperationException", report.Error, StringComparison.Ordinal);
        Assert.Contains("Boom from the Throws plugin.", report.Error, StringComparison.Ordinal);
        Assert.True(tree.FileExists("ae_updater.dll"));
        var logged = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("System.InvalidOperationException", logged.ExceptionType);
        Assert.Equal(PluginReport.OneShotName, logged.Properties["Plugin"]);
        Assert.Equal(tree.PathOf("ae_updater.dll"), logged.Properties["Path"]);
    }

    [Fact]
    public void Run_EveryStartReturnsTrue_NeverDeleted()
    {
        using var tree = TempTree.Create().WithPluginFolder(TestPlugins.EveryStart, PluginReport.EveryStartName);

        var first = PluginRunner.Run(PluginKind.EveryStart, TestPlugins.Request(tree));
        var second = PluginRunner.Run(PluginKind.EveryStart, TestPlugins.Request(tree));

        foreach (var report in new[] { first, second })
        {
            Assert.NotNull(report);
            Assert.Equal(PluginReport.EveryStartName, report.Name);
            Assert.True(report.Ran);
            Assert.True(report.Result);
            Assert.False(report.Deleted);
        }

        Assert.True(tree.FileExists("ae_pre_app_run/ae_pre_app_run.dll"));
        Assert.Null(PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree)));
    }

    [Fact]
    public void Run_DryRun_LoadsNothingAndKeeps()
    {
        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.ReturnsTrue);

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree, dryRun: true), out var loadContext);

        Assert.NotNull(report);
        Assert.False(report.Ran);
        Assert.Null(report.Result);
        Assert.False(report.Deleted);
        Assert.Null(report.Error);
        Assert.Null(loadContext);
        Assert.True(tree.FileExists("ae_updater.dll"));
    }

    [Fact]
    public void Run_BothForms_RefusedAndBothKept()
    {
        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.ReturnsTrue).WithPluginFolder(TestPlugins.ReturnsTrue);

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.False(report.Ran);
        Assert.Contains(tree.PathOf("ae_updater.dll"), report.Error, StringComparison.Ordinal);
        Assert.Contains(tree.PathOf("ae_updater/ae_updater.dll"), report.Error, StringComparison.Ordinal);
        Assert.True(tree.FileExists("ae_updater.dll"));
        Assert.True(tree.FileExists("ae_updater/ae_updater.dll"));
    }

    [Fact]
    public void Run_PrivateDependency_ResolvedFromPluginFolderIntoItsContext()
    {
        using var tree = TempTree.Create().WithPluginFolder(TestPlugins.UsesNewtonsoft);

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.Null(report.Error);
        Assert.True(report.Result);
        Assert.True(report.Deleted);
        using var written = JsonDocument.Parse(tree.ReadText("newtonsoft.json"));
        Assert.Equal("13.0.0.0", written.RootElement.GetProperty("Version").GetString());
        Assert.True(written.RootElement.GetProperty("Collectible").GetBoolean());
        Assert.True(written.RootElement.GetProperty("SameContextAsPlugin").GetBoolean());
        Assert.Equal("AeUpdater plugin ae_updater", written.RootElement.GetProperty("LoadContext").GetString());
    }

    [Fact]
    public void Run_ContextOverload_GetsHostTypesRootAndPlaceholders()
    {
        using var tree = TempTree.Create().WithPluginFolder(TestPlugins.UsesContext);
        var request = TestPlugins.Request(tree);

        var report = PluginRunner.Run(PluginKind.OneShot, request);

        Assert.NotNull(report);
        Assert.Null(report.Error);
        Assert.True(report.Result);
        var lines = File.ReadAllLines(Path.Join(request.Placeholders["usr"], "uses-context.txt"));
        Assert.StartsWith(tree.PathOf(".home"), request.Placeholders["usr"], StringComparison.Ordinal);
        Assert.Equal([tree.Root, tree.PathOf("ae_updater"), "testapp"], lines);
    }

    [Fact]
    public void Run_PluginDeletesItsOwnDll_FileWasNotLocked()
    {
        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.DeletesItself);

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.Null(report.Error);
        Assert.True(report.Result);
        Assert.True(report.Deleted);
        Assert.False(tree.FileExists("ae_updater.dll"));
        Assert.False(tree.FileExists("ae_updater.pdb"));
    }

    [Fact]
    public void Run_TwoEntryPoints_FailsNamingFileAndBothAndKeeps()
    {
        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.TwoEntryPoints);

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.False(report.Ran);
        Assert.Contains(tree.PathOf("ae_updater.dll"), report.Error, StringComparison.Ordinal);
        Assert.Contains("2 entry points", report.Error, StringComparison.Ordinal);
        Assert.Contains("First.RunUpdater()", report.Error, StringComparison.Ordinal);
        Assert.Contains("Second.RunUpdater()", report.Error, StringComparison.Ordinal);
        Assert.True(tree.FileExists("ae_updater.dll"));
    }

    [Fact]
    public void Run_WrongSignature_FailsWithReasonAndKeeps()
    {
        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.WrongSignature);

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.False(report.Ran);
        Assert.Contains(tree.PathOf("ae_updater.dll"), report.Error, StringComparison.Ordinal);
        Assert.Contains("returns System.Int32 instead of System.Boolean", report.Error, StringComparison.Ordinal);
        Assert.True(tree.FileExists("ae_updater.dll"));
    }

    [Fact]
    public void Run_NotADotNetAssembly_FailsWithReasonAndKeeps()
    {
        using var tree = TempTree.Create().File("ae_updater.dll", "#!/bin/sh\necho this is not an assembly\n");

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.False(report.Ran);
        Assert.Contains(tree.PathOf("ae_updater.dll"), report.Error, StringComparison.Ordinal);
        Assert.Contains("not a .NET assembly", report.Error, StringComparison.Ordinal);
        Assert.True(tree.FileExists("ae_updater.dll"));
    }

    [Fact]
    public void Run_Cancelled_ThrowsBeforeLoading()
    {
        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.ReturnsTrue);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree, cancellationToken: cancelled.Token)));
        Assert.True(tree.FileExists("ae_updater.dll"));
    }

    [Fact]
    public void Run_Logs_WithPluginAndPathProperties()
    {
        var logger = new ListLogger();
        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.ReturnsFalse);

        PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree, logger: logger));

        Assert.NotEmpty(logger.Entries);
        Assert.All(logger.Entries, e =>
        {
            Assert.Equal(PluginReport.OneShotName, e.Properties["Plugin"]);
            Assert.Equal(tree.PathOf("ae_updater.dll"), e.Properties["Path"]);
        });
    }
}
