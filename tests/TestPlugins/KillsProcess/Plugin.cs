using System.Diagnostics;

namespace AeUpdater.TestPlugins.KillsProcess;

/// <summary>A migration that takes its host down (SIGKILL) every time: what the crash-loop guard is for.</summary>
public static class Plugin
{
    public static bool RunUpdater()
    {
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
        return true;
    }
}
