using System.Formats.Tar;
using System.IO.Compression;
using AeUpdater.Installs.Tests.Support;
using NuGet.Versioning;

namespace AeUpdater.Installs.Tests;

/// <summary>AutoUpdate with a finder that serves archives from a local folder: stages, up to date, errors, cancellation.</summary>
public sealed class AutoUpdateTests : IDisposable
{
    private readonly InstallSandbox _sandbox = new();

    [Fact]
    public async Task RunAsync_NewerVersionAvailable_ReportsEveryStageInstallsCleansUp()
    {
        _sandbox.InstallVersion("1.0.0");
        var finder = new FolderFinder(Publish("1.1.0"));
        var stages = new List<AutoUpdateStatus>();

        var report = await AutoUpdate.RunAsync(_sandbox.Installer(), finder, p => stages.Add(p.Status), InstallSandbox.Entry);

        Assert.True(report.Updated, report.Error);
        Assert.Equal([AutoUpdateStatus.Searching, AutoUpdateStatus.Found, AutoUpdateStatus.Downloading, AutoUpdateStatus.Installing, AutoUpdateStatus.CleaningUp, AutoUpdateStatus.Done], stages);
        Assert.Equal("1.1.0", _sandbox.Launch().Version);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_sandbox.AppData, "updates")));
    }

    [Fact]
    public async Task RunAsync_NewestInstalled_DoneUpToDateNothingFetched()
    {
        _sandbox.InstallVersion("1.1.0");
        var finder = new FolderFinder(Publish("1.1.0"));
        var messages = new List<AutoUpdateProgress>();

        var report = await AutoUpdate.RunAsync(_sandbox.Installer(), finder, messages.Add);

        Assert.False(report.Updated);
        Assert.Null(report.Error);
        Assert.Equal([AutoUpdateStatus.Searching, AutoUpdateStatus.Done], messages.Select(m => m.Status));
        Assert.Contains("up to date", messages[^1].Message, StringComparison.Ordinal);
        Assert.Equal(0, finder.Fetches);
    }

    [Fact]
    public async Task RunAsync_NewestMarkedBad_NotInstalledAgain()
    {
        _sandbox.InstallVersion("1.0.0");
        _sandbox.InstallVersion("1.1.0", crash: true);
        File.WriteAllText(Path.Join(_sandbox.VersionFolder("1.1.0"), ".aeupdater-version", "bad"), "test");
        var finder = new FolderFinder(Publish("1.1.0"));

        var report = await AutoUpdate.RunAsync(_sandbox.Installer(), finder);

        Assert.False(report.Updated);
        Assert.Equal(0, finder.Fetches);
        Assert.Equal("1.0.0", _sandbox.Launch().Version);
    }

    [Fact]
    public async Task RunAsync_FetchFails_ErrorReportedNothingChanged()
    {
        _sandbox.InstallVersion("1.0.0");
        var before = _sandbox.Snapshot();
        var finder = new FolderFinder(Publish("1.1.0")) { Failure = new IOException("connection reset") };
        var stages = new List<AutoUpdateProgress>();

        var report = await AutoUpdate.RunAsync(_sandbox.Installer(), finder, stages.Add);

        Assert.False(report.Updated);
        Assert.Equal("connection reset", report.Error);
        Assert.Equal(AutoUpdateStatus.Error, stages[^1].Status);
        Assert.Equal(before, _sandbox.Snapshot());
    }

    [Fact]
    public async Task RunAsync_CancelledDuringFetch_ThrowsNothingChangedNoDownloadLeft()
    {
        _sandbox.InstallVersion("1.0.0");
        var before = _sandbox.Snapshot();
        using var cancellation = new CancellationTokenSource();
        var finder = new FolderFinder(Publish("1.1.0")) { OnFetch = cancellation.Cancel };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AutoUpdate.RunAsync(_sandbox.Installer(), finder, cancellationToken: cancellation.Token));

        Assert.Equal(before, _sandbox.Snapshot());
        Assert.Equal("1.0.0", _sandbox.Launch().Version);
    }

    private string Publish(string version)
    {
        var repository = _sandbox.Tree.PathOf("repository");
        Directory.CreateDirectory(repository);
        using var file = File.Create(Path.Join(repository, $"demo-{version}.tar.gz"));
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        TarFile.CreateFromDirectory(_sandbox.Source(version), gzip, includeBaseDirectory: false);
        return repository;
    }

    /// <summary>Serves <c>APP-VERSION.tar.gz</c> files from a folder.</summary>
    private sealed class FolderFinder(string folder) : IVersionFinder
    {
        public int Fetches { get; private set; }

        public Exception? Failure { get; init; }

        public Action? OnFetch { get; init; }

        public Task<string?> FindNewestVersionAsync(string appName, CancellationToken cancellationToken)
        {
            var newest = Directory.GetFiles(folder, appName + "-*.tar.gz")
                .Select(f => Path.GetFileName(f)[(appName.Length + 1)..^".tar.gz".Length])
                .Select(SemanticVersion.Parse)
                .Max();
            return Task.FromResult(newest?.ToFullString());
        }

        public async Task FetchAsync(string appName, string version, string destinationPath, CancellationToken cancellationToken)
        {
            Fetches++;
            OnFetch?.Invoke();
            if (Failure is not null)
            {
                throw Failure;
            }

            await using var source = File.OpenRead(Path.Join(folder, $"{appName}-{version}.tar.gz"));
            await using var destination = File.Create(destinationPath);
            await source.CopyToAsync(destination, cancellationToken);
        }
    }

    public void Dispose() => _sandbox.Dispose();
}
