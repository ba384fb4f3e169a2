using AeUpdater.Installs.Locking;
using AeUpdater.Installs.Tests.Support;

namespace AeUpdater.Installs.Tests;

/// <summary>Cleanup, uninstall and the updater lock, with real processes holding versions.</summary>
public sealed class CleanupTests : IDisposable
{
    private readonly InstallSandbox _sandbox = new();

    [Fact]
    public void Cleanup_FourVersions_KeepsTheNewestAndItsFallbackOnly()
    {
        foreach (var version in new[] { "1.0.0", "1.1.0", "1.2.0", "2.0.0-beta.1" })
        {
            _sandbox.InstallVersion(version);
        }

        var report = _sandbox.Installer().Cleanup();

        Assert.False(report.HasFailures);
        Assert.Equal(["2.0.0-beta.1", "1.2.0"], _sandbox.Installer().GetVersions().Select(v => v.Version));
        Assert.Contains(report.Entries, e => e is { Name: "1.1.0", Action: "removed" });
        Assert.Contains(report.Entries, e => e is { Name: "1.2.0", Action: "kept" } && e.Reason.Contains("fallback", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_sandbox.AppData, "updates")));
        Assert.Equal("2.0.0-beta.1", _sandbox.Launch().Version);
    }

    [Fact]
    public void RunningVersion_NewerInstalledAndCleanedByAnotherProcess_KeptUntilItExits()
    {
        _sandbox.InstallVersion("1.0.0");
        var release = _sandbox.Tree.PathOf("release");
        using var app = System.Diagnostics.Process.Start(_sandbox.LaunchInfo(["--wait", release]))!;
        try
        {
            Wait.ForFile(release + ".started");

            Assert.Equal("Installed", _sandbox.RunHost("install", version: "1.1.0").Result!.Outcome);
            Assert.Equal("Installed", _sandbox.RunHost("install", version: "1.2.0").Result!.Outcome);
            var cleanup = _sandbox.RunHost("cleanup").Result!;

            Assert.Contains("1.0.0 pending", cleanup.Error, StringComparison.Ordinal);
            Assert.True(Directory.Exists(_sandbox.VersionFolder("1.0.0")));
            Assert.False(app.HasExited);
            Assert.Equal("1.2.0", _sandbox.Launch().Version);
        }
        finally
        {
            File.WriteAllText(release, "go");
            Assert.True(app.WaitForExit(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(0, app.ExitCode);
        Assert.Contains("version=1.0.0", app.StandardOutput.ReadToEnd(), StringComparison.Ordinal);
        var after = _sandbox.Installer().Cleanup();
        Assert.Contains(after.Entries, e => e is { Name: "1.0.0", Action: "removed" });
        Assert.False(Directory.Exists(_sandbox.VersionFolder("1.0.0")));
    }

    [Fact]
    public void Uninstall_NotInUse_RemovedAndTheLauncherFallsBack()
    {
        _sandbox.InstallVersion("1.0.0");
        _sandbox.InstallVersion("1.1.0");

        var report = _sandbox.Installer().Uninstall("1.1.0");

        Assert.Equal(UninstallOutcome.Removed, report.Outcome);
        Assert.False(Directory.Exists(_sandbox.VersionFolder("1.1.0")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_sandbox.AppData, "updates")));
        Assert.Equal("1.0.0", _sandbox.Launch().Version);
        Assert.Equal(UninstallOutcome.NotInstalled, _sandbox.Installer().Uninstall("1.1.0").Outcome);
    }

    [Fact]
    public void Uninstall_InUse_MarkedNeverStartedAgainRemovedByCleanupAfterExit()
    {
        _sandbox.InstallVersion("1.0.0");
        _sandbox.InstallVersion("1.1.0");
        var release = _sandbox.Tree.PathOf("release");
        using var app = System.Diagnostics.Process.Start(_sandbox.LaunchInfo(["--wait", release]))!;
        try
        {
            Wait.ForFile(release + ".started");

            var report = _sandbox.Installer().Uninstall("1.1.0");

            Assert.Equal(UninstallOutcome.PendingInUse, report.Outcome);
            Assert.Equal("1.0.0", _sandbox.Launch().Version);
            Assert.Equal(VersionState.Removing, _sandbox.Installer().GetVersions()[0].State);
        }
        finally
        {
            File.WriteAllText(release, "go");
            Assert.True(app.WaitForExit(TimeSpan.FromSeconds(30)));
        }

        _sandbox.Installer().Cleanup();
        Assert.False(Directory.Exists(_sandbox.VersionFolder("1.1.0")));
    }

    [Fact]
    public void Cleanup_DamagedAndInterruptedVersions_RemovedOrFinished()
    {
        _sandbox.InstallVersion("1.0.0");
        _sandbox.InstallVersion("1.1.0");
        _sandbox.InstallVersion("1.2.0");
        _sandbox.InstallVersion("1.3.0");
        File.Delete(Path.Join(_sandbox.VersionFolder("1.3.0"), "version.txt"));
        File.Delete(Path.Join(_sandbox.VersionFolder("1.2.0"), ".aeupdater-version", "complete"));
        File.Delete(Path.Join(_sandbox.VersionFolder("1.1.0"), ".aeupdater-version", "complete"));
        File.AppendAllText(Path.Join(_sandbox.VersionFolder("1.1.0"), "version.txt"), "x");
        Directory.CreateDirectory(Path.Join(_sandbox.AppData, "updates", "staging-demo-9.9.9-abc", "sub"));

        var report = _sandbox.Installer().Cleanup();

        Assert.Contains(report.Entries, e => e is { Name: "1.3.0", Action: "removed" } && e.Reason.Contains("'version.txt' is missing", StringComparison.Ordinal));
        Assert.Contains(report.Entries, e => e is { Name: "1.2.0", Action: "finished" });
        Assert.Contains(report.Entries, e => e is { Name: "1.1.0", Action: "removed" } && e.Reason.Contains("interrupted install", StringComparison.Ordinal));
        Assert.Equal(["1.2.0", "1.0.0"], _sandbox.Installer().GetVersions().Select(v => v.Version));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_sandbox.AppData, "updates")));
        Assert.Equal("1.2.0", _sandbox.Launch().Version);
    }

    [Fact]
    public void TwoUpdaters_LockHeld_SecondReportsTheHolderAfterItsTimeout()
    {
        _sandbox.InstallVersion("1.0.0");
        using (var held = UpdaterLock.TryAcquire(Path.Join(_sandbox.AppData, ".lock"), TimeSpan.Zero, CancellationToken.None, out _))
        {
            Assert.NotNull(held);

            var second = _sandbox.RunHost("install", version: "1.1.0", lockTimeoutMs: 300).Result!;

            Assert.Equal("Failed", second.Outcome);
            Assert.Contains("another updater holds", second.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(_sandbox.VersionFolder("1.1.0")));
        }
    }

    [Fact]
    public async Task TwoUpdaters_AtOnce_BothInstallOneAfterTheOther()
    {
        _sandbox.InstallVersion("1.0.0");
        var sources = new[] { _sandbox.Source("1.1.0"), _sandbox.Source("1.2.0") };

        var first = Task.Run(() => _sandbox.RunHost("install", version: "1.1.0"));
        var second = Task.Run(() => _sandbox.RunHost("install", version: "1.2.0"));
        var results = await Task.WhenAll(first, second);

        Assert.All(results, r => Assert.Equal("Installed", r.Result!.Outcome));
        Assert.All(_sandbox.Installer().GetVersions(), v => Assert.Equal(VersionState.Complete, v.State));
        Assert.Equal(3, _sandbox.Installer().GetVersions().Count);
        Assert.Equal(2, sources.Length);
    }

    public void Dispose() => _sandbox.Dispose();
}
