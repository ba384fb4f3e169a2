using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Plugins;

/// <summary>
/// Plugins that end their host process (SIGKILL, <c>Environment.Exit</c>), run in a real child process
/// (<see cref="CrashHost"/>, which trusts any plugin): the crash-loop guard must quarantine them so the app starts.
/// </summary>
[Collection(nameof(PluginCrashLoopTests))]
public sealed class PluginCrashLoopTests : IDisposable
{
    private const int Killed = 137;
    private readonly TempTree _tree = TempTree.Create();

    public void Dispose() => _tree.Dispose();

    /// <remarks>
    /// The plugin writes a new file into its own folder before it kills its host, so the folder differs at every
    /// start; before the fix the ledger hashed every file of the folder, saw a new plugin each time and never
    /// quarantined it (the app never started).
    /// </remarks>
    [Fact]
    public void CheckAll_PluginWritesIntoItsFolderAndKillsHost_QuarantinedAfterThree()
    {
        var (root, home) = World(TestPlugins.ScribblesAndKills);

        for (var start = 1; start <= 3; start++)
        {
            var killed = CrashHost.Run(root, home);
            Assert.True(killed.ExitCode == Killed, $"start {start}: exit {killed.ExitCode} {killed.Stderr}");
            Assert.Equal(start, Directory.GetFiles(Path.Join(root, "ae_updater"), "run-*.txt").Length);
        }

        var fourth = CrashHost.Run(root, home);

        Assert.True(fourth.ExitCode == 1, $"exit {fourth.ExitCode} {fourth.Stderr}");
        var plugin = Assert.Single(fourth.Result!.Plugins);
        Assert.Contains("ran=False", plugin, StringComparison.Ordinal);
        Assert.Contains("Quarantined", plugin, StringComparison.Ordinal);
        Assert.Equal(3, Directory.GetFiles(Path.Join(root, "ae_updater"), "run-*.txt").Length);
        Assert.True(File.Exists(Path.Join(home, ".config", "settings.json")), "the files are applied: the app starts");
    }

    /// <remarks>What docs/plugins.md says about <c>Environment.Exit</c>, verified: the process ends with the plugin's exit code at once (no file of the bundle is applied), the next start counts the unfinished run as a failure, and the third such start quarantines it.</remarks>
    [Fact]
    public void CheckAll_PluginCallsEnvironmentExit_ProcessEndsWithItsCodeThenQuarantined()
    {
        var (root, home) = World(TestPlugins.CallsExit);

        for (var start = 1; start <= 3; start++)
        {
            var exited = CrashHost.Run(root, home);
            Assert.True(exited.ExitCode == 42, $"start {start}: exit {exited.ExitCode} {exited.Stderr}");
            Assert.Null(exited.Result);
            Assert.False(File.Exists(Path.Join(home, ".config", "settings.json")), "nothing after the plugin ran");
        }

        var ledger = File.ReadAllLines(Path.Join(home, ".config", "CrashApp", ".aeupdater", "plugins.jsonl"));
        Assert.Equal(3, ledger.Count(l => l.Contains("\"plugin-start\"", StringComparison.Ordinal)));
        Assert.Equal(2, ledger.Count(l => l.Contains("never finished", StringComparison.Ordinal)));

        var fourth = CrashHost.Run(root, home);

        Assert.True(fourth.ExitCode == 1, $"exit {fourth.ExitCode} {fourth.Stderr}");
        var plugin = Assert.Single(fourth.Result!.Plugins);
        Assert.Contains("Quarantined", plugin, StringComparison.Ordinal);
        Assert.Contains("never finished", plugin, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Join(home, ".config", "settings.json")));
        Assert.True(File.Exists(Path.Join(root, "ae_updater.dll")), "a quarantined plugin is kept");
    }

    private (string Root, string Home) World(string plugin)
    {
        var root = _tree.PathOf("root");
        var home = _tree.PathOf("home");
        Directory.CreateDirectory(home);
        _tree.File("root/ae_updater_copies/settings.json", "{}");
        _tree.CopyFrom(TestPlugins.OutputOf(plugin), plugin == TestPlugins.CallsExit ? "root" : "root/ae_updater");
        return (root, home);
    }
}
