using AeUpdater.Plugins;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Plugins;

public sealed class PluginLocatorTests
{
    [Theory]
    [InlineData(true, "ae_updater.dll", false)]
    [InlineData(true, "ae_updater/ae_updater.dll", true)]
    [InlineData(false, "ae_pre_app_run.dll", false)]
    [InlineData(false, "ae_pre_app_run/ae_pre_app_run.dll", true)]
    public void TryLocate_OneForm_Found(bool oneShot, string file, bool folderForm)
    {
        var kind = oneShot ? PluginKind.OneShot : PluginKind.EveryStart;
        using var tree = TempTree.Create().File(file, "x");

        Assert.True(PluginLocator.TryLocate(tree.Root, kind, out var plugin, out var error));

        Assert.Null(error);
        Assert.Equal(tree.PathOf(file), plugin.AssemblyPath);
        Assert.Equal(folderForm, plugin.IsFolderForm);
        Assert.Equal(kind, plugin.Kind);
    }

    [Theory]
    [InlineData("ae_updater.txt")]
    [InlineData("ae_updater/other.dll")]
    [InlineData("ae_updater.dll/ae_updater.dll")]
    [InlineData("ae_pre_app_run.dll")]
    public void TryLocate_NoOneShot_NotFoundWithoutError(string file)
    {
        using var tree = TempTree.Create().File(file, "x");

        Assert.False(PluginLocator.TryLocate(tree.Root, PluginKind.OneShot, out var plugin, out var error));

        Assert.Null(plugin);
        Assert.Null(error);
    }

    [Fact]
    public void DeletionTargets_RootForm_MainAssemblyFirstThenSidecars()
    {
        using var tree = TempTree.Create().File("ae_updater.dll", "x").File("ae_updater.pdb", "x").File("Other.dll", "x");
        Assert.True(PluginLocator.TryLocate(tree.Root, PluginKind.OneShot, out var plugin, out _));

        Assert.Equal(
            [tree.PathOf("ae_updater.dll"), tree.PathOf("ae_updater.pdb"), tree.PathOf("ae_updater.deps.json"), tree.PathOf("ae_updater.runtimeconfig.json")],
            plugin.DeletionTargets());
    }

    [Fact]
    public void DeletionTargets_FolderForm_MainAssemblyFirstThenTheFolder()
    {
        using var tree = TempTree.Create().File("ae_updater/ae_updater.dll", "x").File("ae_updater/sub/dep.dll", "x");
        Assert.True(PluginLocator.TryLocate(tree.Root, PluginKind.OneShot, out var plugin, out _));

        Assert.Equal([tree.PathOf("ae_updater/ae_updater.dll"), tree.PathOf("ae_updater")], plugin.DeletionTargets());
    }
}
