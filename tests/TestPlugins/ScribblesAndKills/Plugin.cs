using System.Diagnostics;

namespace AeUpdater.TestPlugins.ScribblesAndKills;

/// <summary>
/// A plugin that writes a new file into its own folder on every run and then takes its host down (SIGKILL): its
/// folder's content differs at every start, which must not let it escape the crash-loop guard.
/// </summary>
public static class Plugin
{
    public static bool RunUpdater(PluginContext context)
    {
        File.WriteAllText(Path.Join(context.PluginDirectory, $"run-{Guid.NewGuid():N}.txt"), DateTime.UtcNow.ToString("O"));
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
        return true;
    }
}
