namespace AeUpdater.Installs.Tests.CrashSafety;

/// <summary>Cleanup of four versions and a staging leftover, killed at every step.</summary>
public sealed class CleanupCrashTests
{
    private static readonly string[] Versions = ["1.0.0", "1.1.0", "1.2.0", "1.3.0"];

    [Fact]
    public void Cleanup_KilledAtEveryStep_LauncherStartsTheNewestRerunConverges()
    {
        CrashScenario.Run(
            sandbox =>
            {
                foreach (var version in Versions)
                {
                    sandbox.InstallVersion(version);
                }

                sandbox.Tree.File("install/appdata/updates/staging-demo-1.4.0.linux-x64-0000/half.dll", "half");
            },
            "cleanup",
            version: null,
            ["1.3.0"],
            alternateWithCleanup: false);
    }
}
