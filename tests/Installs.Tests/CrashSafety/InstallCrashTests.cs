using AeUpdater.Installs.Tests.Support;

namespace AeUpdater.Installs.Tests.CrashSafety;

/// <summary>Install of 1.1.0 (shipping its own launcher) over 1.0.0, killed at every step.</summary>
public sealed class InstallCrashTests
{
    [Fact]
    public void Install_KilledAtEveryStep_LauncherStartsOldOrNewRerunOrCleanupConverges()
    {
        CrashScenario.Run(Prepare, "install", "1.1.0", ["1.0.0", "1.1.0"], alternateWithCleanup: true);
    }

    /// <summary>1.0.0 installed; 1.1.0's source ships a launcher that differs (a reformatted runtimeconfig), so the launcher is replaced too.</summary>
    private static void Prepare(InstallSandbox sandbox)
    {
        sandbox.InstallVersion("1.0.0");
        var source = sandbox.Source("1.1.0");
        var shipped = Path.Join(source, ".aeupdater-launcher");
        if (!Directory.Exists(shipped))
        {
            sandbox.Tree.CopyFrom(InstallSandbox.LauncherFolder, "sources/1.1.0/.aeupdater-launcher");
            File.AppendAllText(Path.Join(shipped, "AeUpdater.Launcher.runtimeconfig.json"), "\n");
        }
    }
}
