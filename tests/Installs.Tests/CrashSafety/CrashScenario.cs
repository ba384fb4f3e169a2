using System.Security.Cryptography;
using AeUpdater.Installs.Tests.Support;

namespace AeUpdater.Installs.Tests.CrashSafety;

/// <summary>
/// Runs one command in the crash host, killed (SIGKILL) at each of its steps in turn on a fresh install, and checks
/// after each kill that the launcher starts a complete version and that rerunning the command (or cleanup, then the
/// command) converges to the uninterrupted result.
/// </summary>
internal static class CrashScenario
{
    public static void Run(Action<InstallSandbox> prepare, string command, string? version, string[] startable, bool alternateWithCleanup)
    {
        List<string> steps;
        string expected;
        string? expectedAfterCleanup = null;
        using var template = new InstallSandbox();
        prepare(template);
        using (var reference = new InstallSandbox())
        {
            reference.CopyFrom(template);
            var run = reference.RunHost(command, version: version);
            Assert.True(run.Result is not null, run.Stderr);
            steps = run.Result.Steps;
            expected = State(reference);
            if (alternateWithCleanup)
            {
                reference.Installer().Cleanup();
                expectedAfterCleanup = State(reference);
            }
        }

        Assert.True(steps.Count > 3, "the command reports its steps: " + string.Join(", ", steps));
        for (var step = 1; step <= steps.Count; step++)
        {
            using var sandbox = new InstallSandbox();
            sandbox.CopyFrom(template);
            var killed = sandbox.RunHost(command, crashAt: step, version: version);
            Assert.True(killed.Result is null, $"step {step} ({steps[step - 1]}): the host was not killed");

            var launched = sandbox.Launch();
            Assert.True(launched.ExitCode == 0, $"after a kill at step {step} ({steps[step - 1]}) the launcher failed: {launched.Stderr}");
            Assert.Contains(launched.Version, startable);

            if (alternateWithCleanup && step % 2 == 1)
            {
                Assert.False(sandbox.Installer().Cleanup().HasFailures);
                Assert.Equal(0, sandbox.Launch().ExitCode);
                Rerun(sandbox, command, version);
                sandbox.Installer().Cleanup();
                Assert.True(expectedAfterCleanup == State(sandbox), $"kill at step {step} ({steps[step - 1]}), cleanup, rerun, cleanup: state differs\nexpected:\n{expectedAfterCleanup}\nactual:\n{State(sandbox)}");
            }
            else
            {
                Rerun(sandbox, command, version);
                Assert.True(expected == State(sandbox), $"kill at step {step} ({steps[step - 1]}), rerun: state differs\nexpected:\n{expected}\nactual:\n{State(sandbox)}");
            }

            if (step == steps.Count)
            {
                Assert.Equal(startable[^1], sandbox.Launch().Version);
            }
        }
    }

    private static void Rerun(InstallSandbox sandbox, string command, string? version)
    {
        var installer = sandbox.Installer();
        switch (command)
        {
            case "install":
                var install = installer.Install(sandbox.Source(version!), version!, InstallSandbox.Entry);
                Assert.True(install.Outcome != InstallOutcome.Failed, install.Error);
                break;
            case "uninstall":
                Assert.NotEqual(UninstallOutcome.Failed, installer.Uninstall(version!).Outcome);
                break;
            default:
                Assert.False(installer.Cleanup().HasFailures);
                break;
        }
    }

    /// <summary>appdata's tree (without the launcher's start counters) and INSTALL's top level with each file's hash.</summary>
    private static string State(InstallSandbox sandbox)
    {
        var top = Directory.EnumerateFileSystemEntries(sandbox.Install)
            .Where(p => Path.GetFileName(p) != "appdata")
            .Order(StringComparer.Ordinal)
            .Select(p => Path.GetFileName(p) + " " + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p))));
        return string.Join("\n", top) + "\n--\n" + sandbox.Snapshot();
    }
}
