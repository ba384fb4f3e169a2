using System.Diagnostics;
using AeUpdater.Installs.Tests.Support;

namespace AeUpdater.Installs.Tests;

/// <summary>A full disk while a version is unpacked: the install fails with the reason and nothing changes.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FullDiskTests : IDisposable
{
    private readonly InstallSandbox _sandbox = new();

    [Fact]
    public void Install_DiskFullWhileUnpacking_FailsNothingChangesOldVersionStarts()
    {
        // A 3 MiB tmpfs holds one version of the test app (~0.6 MiB), not one with 4 MiB of data more. Tests run as root.
        Directory.CreateDirectory(_sandbox.Install);
        Run("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", _sandbox.Install);
        try
        {
            _sandbox.InstallVersion("1.0.0");
            var before = _sandbox.Snapshot();
            var source = _sandbox.Source("1.1.0");
            File.WriteAllBytes(Path.Join(source, "data.bin"), new byte[4 << 20]);

            var report = _sandbox.Installer().Install(source, "1.1.0", InstallSandbox.Entry);

            Assert.Equal(InstallOutcome.Failed, report.Outcome);
            Assert.Contains("No space left on device", report.Error, StringComparison.Ordinal);
            Assert.Contains("nothing was installed", report.Error, StringComparison.Ordinal);
            Assert.Equal(before, _sandbox.Snapshot());
            Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_sandbox.AppData, "updates")));
            Assert.Equal("1.0.0", _sandbox.Launch().Version);
        }
        finally
        {
            Run("umount", _sandbox.Install);
        }
    }

    private static void Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), $"{program} did not finish");
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed (the test needs root to mount a tmpfs): {stderr}");
    }

    public void Dispose() => _sandbox.Dispose();
}
