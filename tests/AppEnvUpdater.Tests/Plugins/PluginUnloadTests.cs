using System.Runtime.CompilerServices;
using AeUpdater.Plugins;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Plugins;

public sealed class PluginUnloadTests
{
    [Theory]
    [InlineData(TestPlugins.ReturnsFalse)]
    [InlineData(TestPlugins.Throws)]
    [InlineData(TestPlugins.UsesNewtonsoft)]
    [InlineData(TestPlugins.UsesContext)]
    public void Run_AfterRun_LoadContextIsCollected(string project)
    {
        using var tree = TempTree.Create().WithPluginFolder(project);

        var loadContext = RunAndForget(tree);

        for (var i = 0; loadContext.IsAlive && i < 20; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(loadContext.IsAlive, $"The load context of {project} was not collected.");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference RunAndForget(TempTree tree)
    {
        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree), out var loadContext);
        Assert.NotNull(report);
        Assert.True(report.Ran);
        Assert.NotNull(loadContext);
        return loadContext;
    }
}
