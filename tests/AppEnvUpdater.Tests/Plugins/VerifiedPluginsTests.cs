using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using AeUpdater.Plugins;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Plugins;

/// <summary>
/// <see cref="UpdaterOptions.RequireVerifiedPlugins"/> in the engine, against records written here (the round trip
/// through a real signed update is in Delivery.Tests' VerifiedPluginsTests): which bytes run, and which never do.
/// </summary>
public sealed class VerifiedPluginsTests : IDisposable
{
    private const string Marker = "attacker-code-ran";

    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    private string State => _box.Tree.PathOf("state");

    private string RecordPath => Path.Join(State, VerifiedFiles.FileName);

    [Fact]
    public void Parse_WrittenRecord_RoundTrips()
    {
        var record = new VerifiedFiles("test", [KeyValuePair.Create("ae_updater/ae_updater.dll", new VerifiedFile(new string('a', 64), 12))]);

        var read = VerifiedFiles.Parse(record.ToUtf8Json());

        Assert.Equal("test", read.Source);
        Assert.Equal(new VerifiedFile(new string('a', 64), 12), read.Files["ae_updater/ae_updater.dll"]);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{\"files\":{}}", "\"format\" is missing")]
    [InlineData("{\"format\":2,\"files\":{}}", "\"format\" is 2")]
    [InlineData("{\"format\":1}", "\"files\" is missing")]
    [InlineData("{\"format\":1,\"files\":{\"a.dll\":{\"sha256\":\"ABC\",\"length\":1}}}", "'ABC' is not a SHA-256")]
    [InlineData("{\"format\":1,\"files\":{\"a.dll\":{\"sha256\":\"HASH\",\"length\":-1}}}", "negative")]
    [InlineData("{\"format\":1,\"files\":{\"../a.dll\":{\"sha256\":\"HASH\",\"length\":1}}}", "'..' segment")]
    [InlineData("{\"format\":1,\"files\":{\"/a.dll\":{\"sha256\":\"HASH\",\"length\":1}}}", "not a relative")]
    [InlineData("{\"format\":1,\"files\":{\"a.dll\":{\"sha256\":\"HASH\",\"length\":1},\"a.dll\":{\"sha256\":\"HASH\",\"length\":1}}}", "listed twice")]
    [InlineData("{\"format\":1,\"files\":{\"a.dll\":\"HASH\"}}", "expected {")]
    public void CheckAll_MalformedRecord_NoPluginRunsAndTheReportSaysWhy(string record, string why)
    {
        _box.Tree.WithPluginFolder(TestPlugins.WritesMarker, "root/ae_updater");
        _box.Tree.File("state/" + VerifiedFiles.FileName, record.Replace("HASH", new string('0', 64), StringComparison.Ordinal));

        var report = AppEnvUpdater.CheckAll(Options());

        var plugin = Assert.Single(report.Plugins);
        Assert.False(plugin.Ran);
        Assert.StartsWith($"Not verified: {RecordPath} is not a valid verified-files record (", plugin.Error, StringComparison.Ordinal);
        Assert.Contains(why, plugin.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_box.RootPath(Marker)), "a plugin ran without a valid record");
        Assert.True(File.Exists(_box.RootPath("ae_updater/ae_updater.dll")), "the plugin is kept");
    }

    [Fact]
    public void CheckAll_NoRecord_NoPluginRunsNothingDeletedNotCountedTowardQuarantine()
    {
        _box.Tree.WithPluginFolder(TestPlugins.ReturnsTrue, "root/ae_updater");
        _box.Tree.WithPluginFolder(TestPlugins.EveryStart, "root/ae_pre_app_run");

        UpdateReport report = null!;
        for (var i = 0; i < 4; i++)
        {
            report = AppEnvUpdater.CheckAll(Options());
        }

        Assert.Equal(2, report.Plugins.Count);
        Assert.All(report.Plugins, p =>
        {
            Assert.False(p.Ran);
            Assert.False(p.Quarantined);
            Assert.Equal($"Not verified: no verified archive was ever applied here (there is no {RecordPath}); with RequireVerifiedPlugins only files installed from a verified archive run, and no plugin runs without a valid record.", p.Error);
        });
        Assert.True(File.Exists(_box.RootPath("ae_updater/ae_updater.dll")), "the one-shot plugin is kept");

        // Once the bytes are recorded they run: four refusals did not quarantine them.
        WriteRecordOfRoot();
        report = AppEnvUpdater.CheckAll(Options());
        Assert.All(report.Plugins, p => Assert.Null(p.Error));
        Assert.True(report.Plugins.Single(p => p.Name == PluginReport.OneShotName).Deleted);
    }

    [Fact]
    public void CheckAll_RecordedBytes_RunAndOtherBytesAtThatPathDoNot()
    {
        _box.Tree.WithPluginFolder(TestPlugins.ReturnsFalse, "root/ae_updater");
        WriteRecordOfRoot();

        var report = AppEnvUpdater.CheckAll(Options());
        Assert.Null(Assert.Single(report.Plugins).Error);
        Assert.True(report.Plugins[0].Ran);

        var dll = _box.RootPath("ae_updater/ae_updater.dll");
        var attacker = File.ReadAllBytes(Path.Join(TestPlugins.OutputOf(TestPlugins.WritesMarker), "ae_updater.dll"));
        File.WriteAllBytes(dll, attacker);
        report = AppEnvUpdater.CheckAll(Options());

        var plugin = Assert.Single(report.Plugins);
        Assert.False(plugin.Ran);
        Assert.StartsWith($"Not verified: {dll}'s hash differs from the verified archive (it is SHA-256 {VerifiedFiles.Sha256Of(attacker)}, {attacker.Length} bytes;", plugin.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_box.RootPath(Marker)));
        Assert.Equal(attacker, File.ReadAllBytes(dll));

        // Off: as before, whatever is there runs.
        report = AppEnvUpdater.CheckAll(_box.Options(o => o.StateDirectory = State));
        Assert.True(Assert.Single(report.Plugins).Ran);
        Assert.True(File.Exists(_box.RootPath(Marker)), "with the option off the plugin in the root runs");
    }

    [Fact]
    public void CheckAll_PluginNotInTheRecord_NotRunNamingThePath()
    {
        _box.Source("app.txt", "app");
        WriteRecordOfRoot();
        _box.Tree.CopyFrom(TestPlugins.OutputOf(TestPlugins.WritesMarker), "root");

        var report = AppEnvUpdater.CheckAll(Options());

        var plugin = Assert.Single(report.Plugins);
        Assert.Equal($"Not verified: {_box.RootPath("ae_updater.dll")} is not in a verified archive (the record of test has no 'ae_updater.dll').", plugin.Error);
        Assert.False(File.Exists(_box.RootPath(Marker)));
    }

    /// <remarks>The root form's private dependency sits in the app's folder: recorded or not, it is checked when loaded.</remarks>
    [Fact]
    public void CheckAll_DependencyNotInTheRecord_RefusedAndThePluginDoesNotGetIt()
    {
        _box.Tree.CopyFrom(TestPlugins.OutputOf(TestPlugins.UsesNewtonsoft), "root");
        var dependency = _box.RootPath("Newtonsoft.Json.dll");
        WriteRecordOfRoot(except: "Newtonsoft.Json.dll");

        var report = AppEnvUpdater.CheckAll(Options());

        var plugin = Assert.Single(report.Plugins);
        Assert.StartsWith($"Not verified: {dependency} is not in a verified archive", plugin.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_box.RootPath("newtonsoft.json")), "the plugin got the unrecorded dependency");
        Assert.True(File.Exists(_box.RootPath("ae_updater.dll")), "the plugin is kept");

        WriteRecordOfRoot();
        report = AppEnvUpdater.CheckAll(Options());
        Assert.Null(Assert.Single(report.Plugins).Error);
        Assert.True(File.Exists(_box.RootPath("newtonsoft.json")));
    }

    /// <remarks>
    /// What is hashed is what is loaded: the plugin is opened and checked, then its files are replaced by another
    /// plugin's before the load. The checked bytes run; the dependency, read when the plugin needs it, is checked then.
    /// </remarks>
    [Fact]
    public void Run_FilesSwappedAfterTheCheck_TheCheckedBytesRunAndTheSwappedDependencyIsRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create().WithPluginFolder(TestPlugins.UsesNewtonsoft);
        var request = TestPlugins.Request(tree) with { Verification = PluginVerification.Of(RecordOf(tree.Root)) };
        Assert.True(PluginLocator.TryLocate(tree.Root, PluginKind.OneShot, out var plugin, out _));
        Assert.True(PluginRunner.TryOpen(plugin, request, out var image, out var refused), refused?.Error);
        using (image)
        {
            File.Copy(Path.Join(TestPlugins.OutputOf(TestPlugins.WritesMarker), "ae_updater.dll"), tree.PathOf("ae_updater/ae_updater.dll"), overwrite: true);
            var dependency = tree.PathOf("ae_updater/Newtonsoft.Json.dll");
            File.Copy(Path.Join(TestPlugins.OutputOf(TestPlugins.UsesNewtonsoft), "ae_updater.dll"), dependency, overwrite: true);

            var report = PluginRunner.Run(image, request, out _);

            Assert.StartsWith($"Not verified: {dependency}'s hash differs from the verified archive", report.Error, StringComparison.Ordinal);
        }

        Assert.False(tree.FileExists(Marker), "the swapped-in plugin ran");
        Assert.False(tree.FileExists("newtonsoft.json"), "the plugin got the swapped dependency");
    }

    /// <remarks>
    /// A racer swaps the recorded plugin and another one (<c>renameat2(RENAME_EXCHANGE)</c>, both complete files, a few
    /// microseconds per swap, far faster than a shell loop could) while CheckAll runs again and again: every start runs
    /// the recorded bytes or refuses; the other plugin never runs. A check that hashed the file by path and then loaded
    /// it (or the reverse) lets the other plugin run within a few starts here.
    /// </remarks>
    [Fact]
    public void CheckAll_PluginSwappedInATightLoop_OnlyTheRecordedBytesEverRun()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        _box.Tree.CopyFrom(TestPlugins.OutputOf(TestPlugins.ReturnsFalse), "root");
        WriteRecordOfRoot();
        _box.Tree.File("spare.dll", File.ReadAllBytes(Path.Join(TestPlugins.OutputOf(TestPlugins.WritesMarker), "ae_updater.dll")));
        var target = Encoding.UTF8.GetBytes(_box.RootPath("ae_updater.dll") + "\0");
        var spare = Encoding.UTF8.GetBytes(_box.Tree.PathOf("spare.dll") + "\0");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(6));
        var swaps = 0L;
        var errno = 0;
        var swapper = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (RenameAt2(AtFdCwd, target, AtFdCwd, spare, RenameExchange) != 0)
                {
                    errno = Marshal.GetLastPInvokeError();
                    return;
                }

                swaps++;
            }
        });
        swapper.Start();
        var ran = 0;
        var refused = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(3) && !File.Exists(_box.RootPath(Marker)) && swapper.IsAlive)
            {
                foreach (var plugin in AppEnvUpdater.CheckAll(Options()).Plugins)
                {
                    if (plugin.Ran)
                    {
                        ran++;
                    }
                    else
                    {
                        refused++;
                    }
                }
            }
        }
        finally
        {
            stop.Cancel();
        }

        Assert.True(swapper.Join(TimeSpan.FromSeconds(10)), "the swapping thread did not stop");
        Assert.Equal(0, errno);
        Assert.False(File.Exists(_box.RootPath(Marker)), $"the swapped-in plugin ran ({ran} recorded runs, {refused} refusals, {swaps} swaps)");
        Assert.True(ran > 0 && refused > 0 && swaps > 1000, $"the race did not happen: {ran} recorded runs, {refused} refusals, {swaps} swaps");
    }

    [Fact]
    public void CheckAll_ApplyPending_NoPluginRuns()
    {
        _box.Tree.WithPluginFolder(TestPlugins.ReturnsFalse, "root/ae_updater");
        WriteRecordOfRoot();
        _box.Tree.File("state/" + VerifiedFiles.PendingApply, "{}");

        var report = AppEnvUpdater.CheckAll(Options());

        var plugin = Assert.Single(report.Plugins);
        Assert.False(plugin.Ran);
        Assert.StartsWith($"Not verified: an archive apply was interrupted or is in progress ({Path.Join(State, VerifiedFiles.PendingApply)} exists)", plugin.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("link")]
    [InlineData("writable")]
    public void CheckAll_RecordOthersCouldHaveWritten_NoPluginRuns(string how)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _box.Tree.WithPluginFolder(TestPlugins.WritesMarker, "root/ae_updater");
        WriteRecordOfRoot();
        if (how == "link")
        {
            File.Move(RecordPath, _box.Tree.PathOf("elsewhere.json"));
            File.CreateSymbolicLink(RecordPath, _box.Tree.PathOf("elsewhere.json"));
        }
        else
        {
            File.SetUnixFileMode(RecordPath, File.GetUnixFileMode(RecordPath) | UnixFileMode.OtherWrite);
        }

        var report = AppEnvUpdater.CheckAll(Options());

        var plugin = Assert.Single(report.Plugins);
        Assert.StartsWith($"Not verified: the verified-files record cannot be used: {RecordPath} ", plugin.Error, StringComparison.Ordinal);
        Assert.Contains(how == "link" ? "symbolic link" : "writable by others", plugin.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_box.RootPath(Marker)));
    }

    [Fact]
    public void CheckAll_DryRunWithUnrecordedPlugin_ReportsItWouldNotRun()
    {
        _box.Tree.WithPluginFolder(TestPlugins.ReturnsTrue, "root/ae_updater");

        var report = AppEnvUpdater.CheckAll(Options(o => o.DryRun = true));

        Assert.StartsWith("Not verified: no verified archive was ever applied here", Assert.Single(report.Plugins).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAll_SymbolsNotInTheRecord_PluginStillRuns()
    {
        _box.Tree.WithPluginFolder(TestPlugins.ReturnsFalse, "root/ae_updater");
        Assert.True(File.Exists(_box.RootPath("ae_updater/ae_updater.pdb")));
        WriteRecordOfRoot(except: "ae_updater/ae_updater.pdb");

        var report = AppEnvUpdater.CheckAll(Options());

        Assert.Null(Assert.Single(report.Plugins).Error);
        Assert.True(report.Plugins[0].Ran);
    }

    private static VerifiedFiles RecordOf(string root, string? except = null) =>
        new("test", Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Relative: Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'), Bytes: File.ReadAllBytes(f)))
            .Where(f => f.Relative != except)
            .Select(f => KeyValuePair.Create(f.Relative, new VerifiedFile(VerifiedFiles.Sha256Of(f.Bytes), f.Bytes.Length))));

    // What an apply would write: the record of every file now in the root.
    private void WriteRecordOfRoot(string? except = null)
    {
        Directory.CreateDirectory(State);
        File.WriteAllBytes(RecordPath, RecordOf(_box.Root, except).ToUtf8Json());
    }

    private UpdaterOptions Options(Action<UpdaterOptions>? configure = null) => _box.Options(o =>
    {
        o.StateDirectory = State;
        o.RequireVerifiedPlugins = true;
        configure?.Invoke(o);
    });

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int RenameAt2(int oldDirectory, byte[] oldPath, int newDirectory, byte[] newPath, uint flags);
}
