namespace AeUpdater.TestPlugins.DeletesItself;

/// <summary>Deletes its own dll while it runs: that works everywhere only if the host did not lock the file.</summary>
public static class Plugin
{
    public static bool RunUpdater(PluginContext context)
    {
        File.Delete(Path.Join(context.PluginDirectory, "ae_updater.dll"));
        return true;
    }
}
