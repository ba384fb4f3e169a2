using AeUpdater.Placeholders;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Engine;

/// <summary>The default root (the app's base directory, not the current directory) and a cancelled token in a dry run.</summary>
public sealed class RootAndCancellationTests
{
    private static readonly string BaseDirectory = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);

    [Fact]
    public void CheckAll_RootNotSet_SearchesTheAppBaseDirectoryNotTheCurrentDirectory()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "a");   // in the environment's current directory

        var report = AppEnvUpdater.CheckAll(new UpdaterOptions { Environment = box.Environment, DryRun = true });

        Assert.Equal(BaseDirectory, report.Root);
        Assert.DoesNotContain(report.Operations, o => o.Source == box.RootPath("ae_updater_copies/a.txt"));
        Assert.False(File.Exists(box.UsrPath("a.txt")));
    }

    [Fact]
    public void CheckAll_RelativeRoot_IsTakenFromTheAppBaseDirectory()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "a");
        using var elsewhere = TempTree.Create().Folder("ae_updater_copies");
        var environment = new PlaceholderEnvironment
        {
            HomeDirectory = box.Environment.HomeDirectory,
            Platform = box.Environment.Platform,
            GetCurrentDirectory = () => elsewhere.Root,
        };
        var relative = Path.GetRelativePath(BaseDirectory, box.Root);
        Assert.False(Path.IsPathRooted(relative));

        var report = AppEnvUpdater.CheckAll(new UpdaterOptions { Root = relative, Environment = environment });

        Assert.Equal(box.Root, report.Root);
        Assert.Equal([box.UsrPath("a.txt")], report.Processed);
    }

    [Fact]
    public void CheckAll_DryRunWithCancelledToken_ThrowsAsARealRunDoes()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_moves/a.txt", "a");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => AppEnvUpdater.CheckAll(box.Options(o => o.DryRun = true), cancellationToken: cancelled.Token));
        Assert.Throws<OperationCanceledException>(() => AppEnvUpdater.CheckAll(box.Options(), cancellationToken: cancelled.Token));

        Assert.True(File.Exists(box.RootPath("ae_updater_moves/a.txt")));
        Assert.False(Directory.Exists(box.UsrPath("")));
    }
}
