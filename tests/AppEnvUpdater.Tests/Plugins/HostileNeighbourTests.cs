using System.Diagnostics;
using System.Text.Json;
using AeUpdater.Plugins;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Plugins;

/// <summary>
/// A second Unix user (<see cref="OtherUser"/>) attacks the plugins of this one: owns or writes the root or the plugin's
/// folder, swaps the plugin for their own while CheckAll runs, or owns a private dependency. Their code must never run
/// (their plugin writes a marker file when it does). Skipped unless the tests run as root on Unix (useradd, runuser).
/// </summary>
[Collection(nameof(HostileNeighbourTests))]
public sealed class HostileNeighbourTests
{
    private const string Marker = "attacker-code-ran";

    public static TheoryData<string> Ownerships => ["root", "root/ae_updater"];

    [Theory]
    [MemberData(nameof(Ownerships))]
    public void CheckAll_RootOrPluginFolderOwnedByOtherUser_RefusedNamingIt(string owned)
    {
        if (OperatingSystem.IsWindows() || !OtherUser.Available)
        {
            return;
        }

        using var box = AttackableSandbox(TestPlugins.ReturnsTrue);
        OtherUser.Own(box.Tree.PathOf(owned));
        Assert.Equal(0, OtherUser.Run($"touch '{box.Tree.PathOf(owned)}/written-by-other'").ExitCode);

        var report = AppEnvUpdater.CheckAll(box.Options());

        var plugin = Assert.Single(report.Plugins);
        Assert.False(plugin.Ran);
        Assert.Contains($"{box.Tree.PathOf(owned)} is owned by uid {OtherUser.Uid}", plugin.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(box.RootPath("ae_updater/ae_updater.dll")), "a refused plugin is kept");
    }

    [Theory]
    [MemberData(nameof(Ownerships))]
    public void CheckAll_RootOrPluginFolderOthersCanWrite_RefusedNamingIt(string writable)
    {
        if (OperatingSystem.IsWindows() || !OtherUser.Available)
        {
            return;
        }

        using var box = AttackableSandbox(TestPlugins.ReturnsTrue);
        var path = box.Tree.PathOf(writable);
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.OtherWrite | UnixFileMode.GroupWrite | UnixFileMode.StickyBit);
        Assert.Equal(0, OtherUser.Run($"touch '{path}/written-by-other'").ExitCode);

        var report = AppEnvUpdater.CheckAll(box.Options());

        var plugin = Assert.Single(report.Plugins);
        Assert.False(plugin.Ran);
        Assert.Contains($"{path} is writable by its group and by others", plugin.Error, StringComparison.Ordinal);
    }

    /// <remarks>
    /// The other user owns the root, so they can rename what is in it: in a loop they swap this user's plugin folder
    /// for their own plugin, as a folder and as a symbolic link to it, while CheckAll runs again and again. Before the
    /// fix the folder was checked by path and then loaded by path, and their plugin ran between the two.
    /// </remarks>
    [Fact]
    public void CheckAll_OtherUserSwapsPluginFolderInALoop_TheirCodeNeverRuns()
    {
        if (OperatingSystem.IsWindows() || !OtherUser.Available)
        {
            return;
        }

        using var box = AttackableSandbox(TestPlugins.ReturnsFalse);
        box.Tree.CopyFrom(TestPlugins.OutputOf(TestPlugins.WritesMarker), "root/.evil");
        OtherUser.Own(box.Root);
        Chown(box.RootPath(".evil"));
        var swapper = OtherUser.Start(SwapLoop(box.Root, box.RootPath(".evil"), seconds: 20));
        try
        {
            var reports = new List<UpdateReport>();
            var clock = Stopwatch.StartNew();
            while (reports.Count < 40 && clock.Elapsed < TimeSpan.FromSeconds(8) && !File.Exists(box.RootPath(Marker)))
            {
                reports.Add(AppEnvUpdater.CheckAll(box.Options()));
            }

            Assert.False(File.Exists(box.RootPath(Marker)), $"the other user's plugin ran after {reports.Count} starts");
            if (swapper.HasExited)
            {
                // Only now is its standard error complete; reading it while the loop runs would wait for its end.
                Assert.Fail("the swapping loop ended early: " + swapper.StandardError.ReadToEnd());
            }
            Assert.All(reports, r => Assert.All(r.Plugins, p => Assert.False(p.Ran, p.Error)));
        }
        finally
        {
            swapper.Kill(entireProcessTree: true);
            swapper.WaitForExit(5_000);
            swapper.Dispose();
        }
    }

    /// <remarks>The root form's private dependency sits in the root, next to the app; before the fix it was loaded unchecked.</remarks>
    [Theory]
    [InlineData("owned")]
    [InlineData("writable")]
    [InlineData("symlink")]
    public void Run_PrivateDependencyOfOtherUser_RefusedNamingItAndNeverLoaded(string how)
    {
        if (OperatingSystem.IsWindows() || !OtherUser.Available)
        {
            return;
        }

        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.UsesNewtonsoft);
        using var elsewhere = TempTree.Create();
        var dependency = tree.PathOf("Newtonsoft.Json.dll");
        switch (how)
        {
            case "owned":
                OtherUser.Own(dependency);
                break;
            case "writable":
                File.SetUnixFileMode(dependency, File.GetUnixFileMode(dependency) | UnixFileMode.OtherWrite);
                break;
            default:
                File.Move(dependency, elsewhere.PathOf("Newtonsoft.Json.dll"));
                File.CreateSymbolicLink(dependency, elsewhere.PathOf("Newtonsoft.Json.dll"));
                break;
        }

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.Null(report.Result);
        Assert.False(report.Deleted);
        Assert.Contains($"Not trusted: {dependency} is ", report.Error, StringComparison.Ordinal);
        Assert.False(tree.FileExists("newtonsoft.json"), "the plugin got the dependency and ran to its end");
        Assert.True(tree.FileExists("ae_updater.dll"), "the plugin is kept");
    }

    [Fact]
    public void Run_PrivateDependencyInFolderFormOwnedByOtherUser_RefusedNamingIt()
    {
        if (OperatingSystem.IsWindows() || !OtherUser.Available)
        {
            return;
        }

        using var tree = TempTree.Create().WithPluginFolder(TestPlugins.UsesNewtonsoft);
        OtherUser.Own(tree.PathOf("ae_updater/Newtonsoft.Json.dll"));

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.Contains($"{tree.PathOf("ae_updater/Newtonsoft.Json.dll")} is owned by uid {OtherUser.Uid}", report.Error, StringComparison.Ordinal);
        Assert.False(tree.FileExists("newtonsoft.json"));
    }

    [Fact]
    public void Run_TrustedPrivateDependency_StillLoadedFromMemory()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.UsesNewtonsoft);

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.Null(report.Error);
        using var written = JsonDocument.Parse(tree.ReadText("newtonsoft.json"));
        Assert.True(written.RootElement.GetProperty("SameContextAsPlugin").GetBoolean());
    }

    /// <remarks>
    /// The race above, made deterministic: the plugin is opened and checked, then its folder is renamed away and
    /// another plugin (with a broken copy of the dependency) is put in its place before the load. What runs is what
    /// was checked: the main assembly from the bytes read, the dependency through the handle of the checked folder.
    /// </remarks>
    [Fact]
    public void Run_FolderSwappedBetweenCheckAndLoad_RunsTheCheckedBytes()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create().WithPluginFolder(TestPlugins.UsesNewtonsoft);
        var request = TestPlugins.Request(tree);
        Assert.True(PluginLocator.TryLocate(tree.Root, PluginKind.OneShot, out var plugin, out _));
        Assert.True(PluginRunner.TryOpen(plugin, request, out var image, out var refused), refused?.Error);
        using (image)
        {
            Directory.Move(tree.PathOf("ae_updater"), tree.PathOf(".checked"));
            tree.CopyFrom(TestPlugins.OutputOf(TestPlugins.WritesMarker), "ae_updater");
            tree.File("ae_updater/Newtonsoft.Json.dll", "not an assembly");

            var report = PluginRunner.Run(image, request, out _);

            Assert.Null(report.Error);
            Assert.True(report.Result);
        }

        Assert.False(tree.FileExists(Marker), "the swapped-in plugin ran");
        using var written = JsonDocument.Parse(tree.ReadText("newtonsoft.json"));
        Assert.Equal("13.0.0.0", written.RootElement.GetProperty("Version").GetString());
    }

    /// <remarks>An app installed through a link (<c>/opt/app -> /opt/app-1.2</c>): the link to the root is followed, the dependency still resolves.</remarks>
    [Fact]
    public void Run_RootReachedThroughASymlink_RunsWithItsPrivateDependency()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create().WithPluginFolder(TestPlugins.UsesNewtonsoft, "app-1.2/ae_updater");
        tree.Link("app", tree.PathOf("app-1.2"));
        var request = TestPlugins.Request(tree) with { Root = tree.PathOf("app") };

        var report = PluginRunner.Run(PluginKind.OneShot, request);

        Assert.NotNull(report);
        Assert.Null(report.Error);
        Assert.True(report.Deleted);
        Assert.True(tree.FileExists("app-1.2/newtonsoft.json"));
    }

    /// <remarks>A FIFO in the dll's place: opened without blocking and refused (reading it would wait for a writer forever).</remarks>
    [Theory]
    [InlineData("ae_updater.dll")]
    [InlineData("ae_updater.deps.json")]
    public async Task Run_PluginFileIsAFifo_RefusedWithoutHanging(string fifo)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.ReturnsTrue);
        File.Delete(tree.PathOf(fifo));
        using (var mkfifo = Process.Start("mkfifo", [tree.PathOf(fifo)]))
        {
            Assert.True(mkfifo.WaitForExit(10_000) && mkfifo.ExitCode == 0);
        }

        var run = Task.Run(() => PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree)));
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));

        Assert.True(finished == run, "the run hangs on the FIFO");
        var report = await run;
        Assert.NotNull(report);
        Assert.False(report.Ran);
        Assert.Contains($"{tree.PathOf(fifo)} is not a regular file", report.Error, StringComparison.Ordinal);
    }

    /// <summary>A sandbox whose folders the other user can reach (a temporary folder is 700) with a folder-form plugin.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static Sandbox AttackableSandbox(string plugin)
    {
        var box = new Sandbox();
        File.SetUnixFileMode(box.Tree.Root, (UnixFileMode)Convert.ToInt32("755", 8));
        box.Tree.CopyFrom(TestPlugins.OutputOf(plugin), "root/ae_updater");
        return box;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Chown(string folder)
    {
        OtherUser.Own(folder);
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories))
        {
            OtherUser.Own(entry);
        }
    }

    // Renames are single system calls (perl, no process per step), so the swap is fast enough to land between a check
    // by path and a load by path. Bounded: the loop ends by itself after `seconds`.
    private static string SwapLoop(string root, string evil, int seconds) =>
        "exec perl -e '" +
        "my ($r, $e, $s) = @ARGV; my $end = time + $s; " +
        "while (time < $end) { " +
        "rename(\"$r/ae_updater\", \"$r/.good\"); rename($e, \"$r/ae_updater\"); rename(\"$r/ae_updater\", $e); rename(\"$r/.good\", \"$r/ae_updater\"); " +
        "rename(\"$r/ae_updater\", \"$r/.good\"); symlink($e, \"$r/ae_updater\"); unlink(\"$r/ae_updater\"); rename(\"$r/.good\", \"$r/ae_updater\"); " +
        "}' " +
        $"'{root}' '{evil}' {seconds}";
}
