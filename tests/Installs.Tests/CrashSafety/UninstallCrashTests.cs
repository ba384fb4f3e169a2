namespace AeUpdater.Installs.Tests.CrashSafety;

/// <summary>Uninstall of 1.1.0 (1.0.0 stays), killed at every step.</summary>
public sealed class UninstallCrashTests
{
    [Fact]
    public void Uninstall_KilledAtEveryStep_LauncherStartsAVersionRerunConverges()
    {
        CrashScenario.Run(
            sandbox =>
            {
                sandbox.InstallVersion("1.0.0");
                sandbox.InstallVersion("1.1.0");
            },
            "uninstall",
            "1.1.0",
            ["1.1.0", "1.0.0"],
            alternateWithCleanup: false);
    }
}
