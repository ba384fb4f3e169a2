using AeUpdater.Installs.Tests.Support;

namespace AeUpdater.Installs.Tests;

/// <summary>The launcher, run as a real process on a real install: which version it starts and what it passes through.</summary>
public sealed class LauncherTests : IDisposable
{
    private readonly InstallSandbox _sandbox = new();

    [Fact]
    public void Launch_TwoVersions_StartsTheHighestWithArgumentsStdinAndExitCode()
    {
        _sandbox.InstallVersion("1.0.0");
        _sandbox.InstallVersion("1.10.0");
        _sandbox.InstallVersion("1.9.0");

        var result = _sandbox.Launch(["a b", "--stdin", "--exit", "7"], stdin: "hello\n");

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("1.10.0", result.Version);
        Assert.Contains("args=a b|--stdin|--exit|7", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("stdin=hello", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("versiondir=" + _sandbox.VersionFolder("1.10.0"), result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Launch_PreReleaseAboveRelease_StartsByPrecedence()
    {
        _sandbox.InstallVersion("2.0.0-rc.1");
        _sandbox.InstallVersion("1.9.9");
        Assert.Equal("2.0.0-rc.1", _sandbox.Launch().Version);

        _sandbox.InstallVersion("2.0.0");
        Assert.Equal("2.0.0", _sandbox.Launch().Version);
    }

    [Fact]
    public void Launch_NewestMissingAFile_StartsThePreviousAndSaysWhy()
    {
        _sandbox.InstallVersion("1.0.0");
        _sandbox.InstallVersion("1.1.0");
        File.Delete(Path.Join(_sandbox.VersionFolder("1.1.0"), "Installs.TestApp.dll"));

        var result = _sandbox.Launch();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("1.0.0", result.Version);
        Assert.Contains("1.1.0 is damaged ('Installs.TestApp.dll' is missing)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Launch_NewestFileWithAnotherSize_StartsThePrevious()
    {
        _sandbox.InstallVersion("1.0.0");
        _sandbox.InstallVersion("1.1.0");
        File.AppendAllText(Path.Join(_sandbox.VersionFolder("1.1.0"), "version.txt"), "changed");

        var result = _sandbox.Launch();

        Assert.Equal("1.0.0", result.Version);
        Assert.Contains("'version.txt' has", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Launch_NotMarkedComplete_NeverStarted()
    {
        _sandbox.InstallVersion("1.0.0");
        _sandbox.InstallVersion("1.1.0");
        File.Delete(Path.Join(_sandbox.VersionFolder("1.1.0"), ".aeupdater-version", "complete"));

        Assert.Equal("1.0.0", _sandbox.Launch().Version);
    }

    [Fact]
    public void Launch_NoVersion_FailsWith127AndSaysWhere()
    {
        _sandbox.InstallVersion("1.0.0");
        File.Delete(Path.Join(_sandbox.VersionFolder("1.0.0"), ".aeupdater-version", "complete"));

        var result = _sandbox.Launch();

        Assert.Equal(127, result.ExitCode);
        Assert.Contains("no complete version of demo", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Launch_WhileAppRuns_VersionIsHeldAndShownInUse()
    {
        _sandbox.InstallVersion("1.0.0");
        var release = _sandbox.Tree.PathOf("release");
        using var app = System.Diagnostics.Process.Start(_sandbox.LaunchInfo(["--wait", release]))!;
        try
        {
            Wait.ForFile(release + ".started");
            var versions = _sandbox.Installer().GetVersions();
            Assert.True(Assert.Single(versions).InUse);
        }
        finally
        {
            File.WriteAllText(release, "go");
            Assert.True(app.WaitForExit(TimeSpan.FromSeconds(30)));
        }

        Assert.False(Assert.Single(_sandbox.Installer().GetVersions()).InUse);
    }

    public void Dispose() => _sandbox.Dispose();
}
