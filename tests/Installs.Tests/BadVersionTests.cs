using AeUpdater.Installs.Tests.Support;

namespace AeUpdater.Installs.Tests;

/// <summary>A version that dies before it reports itself healthy, N times in a row, is marked bad; the previous one starts.</summary>
public sealed class BadVersionTests : IDisposable
{
    private readonly InstallSandbox _sandbox = new();

    [Fact]
    public void Launch_NewVersionCrashesThreeTimes_MarkedBadPreviousStartsUntilANewerArrives()
    {
        _sandbox.InstallVersion("1.0.0");
        Assert.Equal("1.0.0", _sandbox.Launch().Version);
        _sandbox.InstallVersion("1.1.0", crash: true);

        for (var i = 0; i < 3; i++)
        {
            var crashed = _sandbox.Launch();
            Assert.Equal(70, crashed.ExitCode);
            Assert.Contains("crashing at start", crashed.Stderr, StringComparison.Ordinal);
        }

        var fallback = _sandbox.Launch();
        Assert.Equal(0, fallback.ExitCode);
        Assert.Equal("1.0.0", fallback.Version);
        Assert.Contains("1.1.0 is marked bad now (it started 3 times without reporting itself healthy); starting 1.0.0", fallback.Stderr, StringComparison.Ordinal);

        var again = _sandbox.Launch();
        Assert.Equal("1.0.0", again.Version);
        Assert.Contains("1.1.0 is marked bad", again.Stderr, StringComparison.Ordinal);
        var bad = _sandbox.Installer().GetVersions().Single(v => v.Version == "1.1.0");
        Assert.True(bad.Bad);
        Assert.False(bad.Current);
        Assert.Equal(3, bad.FailedStarts);

        _sandbox.InstallVersion("1.2.0");
        Assert.Equal("1.2.0", _sandbox.Launch().Version);
    }

    [Fact]
    public void Launch_VersionReportedHealthyOnce_NeverMarkedBadByLaterFailures()
    {
        _sandbox.InstallVersion("1.0.0");
        _sandbox.InstallVersion("1.1.0");
        Assert.Equal("1.1.0", _sandbox.Launch().Version);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(5, _sandbox.Launch(["--exit", "5", "--no-healthy"]).ExitCode);
        }

        Assert.Equal("1.1.0", _sandbox.Launch().Version);
        Assert.False(_sandbox.Installer().GetVersions()[0].Bad);
    }

    [Fact]
    public void Launch_MaxFailedStartsFromEnvironment_MarkedBadAfterOne()
    {
        _sandbox.InstallVersion("1.0.0");
        Assert.Equal("1.0.0", _sandbox.Launch().Version);
        _sandbox.InstallVersion("1.1.0", crash: true);
        var environment = new Dictionary<string, string> { ["AEUPDATER_MAX_FAILED_STARTS"] = "1" };

        Assert.Equal(70, _sandbox.Launch(environment: environment).ExitCode);
        Assert.Equal("1.0.0", _sandbox.Launch(environment: environment).Version);
    }

    [Fact]
    public void Launch_AppThatNeverReportsHealthy_NeverMarkedBad()
    {
        _sandbox.InstallVersion("1.0.0");
        _sandbox.InstallVersion("1.1.0");

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("1.1.0", _sandbox.Launch(["--no-healthy"]).Version);
        }

        Assert.False(_sandbox.Installer().GetVersions()[0].Bad);
    }

    [Fact]
    public void Cleanup_BadNewestVersion_KeptSoItIsNotReinstalledFallbackKept()
    {
        _sandbox.InstallVersion("0.9.0");
        _sandbox.InstallVersion("1.0.0");
        _sandbox.InstallVersion("1.1.0", crash: true);
        File.WriteAllText(Path.Join(_sandbox.VersionFolder("1.1.0"), ".aeupdater-version", "bad"), "test");

        var report = _sandbox.Installer().Cleanup();

        Assert.Contains(report.Entries, e => e is { Name: "1.1.0", Action: "kept" } && e.Reason.Contains("bad", StringComparison.Ordinal));
        Assert.Equal(["1.1.0", "1.0.0", "0.9.0"], _sandbox.Installer().GetVersions().Select(v => v.Version));
        Assert.Equal("1.0.0", _sandbox.Launch().Version);
    }

    public void Dispose() => _sandbox.Dispose();
}
