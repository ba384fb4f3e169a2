using System.Security.Cryptography;
using System.Text.Json;
using AeUpdater.Delivery.Tests.Support;
using AeUpdater.Delivery.Updating;
using AeUpdater.Placeholders;

namespace AeUpdater.Delivery.Tests;

/// <summary>
/// <see cref="UpdaterOptions.RequireVerifiedPlugins"/> end to end: a real repository made with <c>ae-updater repo</c>,
/// bundles holding real test plugins, a root updated by <see cref="UpdateClient"/> over loopback HTTP, then
/// <c>CheckAll</c>; and what an attacker with write access to the root puts next to the app.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class VerifiedPluginsTests : IDisposable
{
    private const string Marker = "attacker-code-ran";

    private readonly DeliveryFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task PluginsFromTheArchiveRun_AnAttackersBytesInTheirPlaceDoNotAndAreKept()
    {
        _f.Init();
        _f.AddBundle("1.0.0", Bundle("plugins", ("ae_updater", "ReturnsFalse"), ("ae_pre_app_run", "EveryStart")));
        Assert.Equal(UpdateStatus.Updated, (await _f.Client("c").UpdateAsync()).Status);

        // The record lists every file of the archive with the hash of the publisher's bytes, and nothing else.
        AssertRecordDescribes(Bundle("plugins"), "c");

        var report = AppEnvUpdater.CheckAll(Options("c"));
        Assert.Equal(2, report.Plugins.Count);
        Assert.All(report.Plugins, p => Assert.True(p.Ran && p.Error is null, p.Error));

        var dll = Path.Join(_f.RootOf("c"), "ae_updater", "ae_updater.dll");
        var attacker = File.ReadAllBytes(Path.Join(DeliveryFixture.TestPlugin("WritesMarker"), "ae_updater.dll"));
        File.WriteAllBytes(dll, attacker);
        for (var start = 0; start < 4; start++)
        {
            report = AppEnvUpdater.CheckAll(Options("c"));
            var oneShot = report.Plugins.Single(p => p.Name == PluginReport.OneShotName);
            Assert.False(oneShot.Ran);
            Assert.False(oneShot.Quarantined, "a plugin that is refused before it runs does not count toward quarantine");
            Assert.StartsWith($"Not verified: {dll}'s hash differs from the verified archive (it is SHA-256 {Convert.ToHexStringLower(SHA256.HashData(attacker))}, {attacker.Length} bytes; the archive of version 1.0.0", oneShot.Error, StringComparison.Ordinal);
            Assert.True(report.Plugins.Single(p => p.Name == PluginReport.EveryStartName).Ran, "the verified every-start plugin still runs");
        }

        Assert.False(File.Exists(Path.Join(_f.RootOf("c"), Marker)), "the attacker's plugin ran");
        Assert.Equal(attacker, File.ReadAllBytes(dll));

        // Option off: as before, whatever is in the root runs.
        report = AppEnvUpdater.CheckAll(Options("c", require: false));
        Assert.True(report.Plugins.Single(p => p.Name == PluginReport.OneShotName).Ran);
        Assert.True(File.Exists(Path.Join(_f.RootOf("c"), Marker)));
    }

    [Fact]
    public void APluginDroppedNextToAnAppThatNeverGotAnUpdate_DoesNotRun()
    {
        var root = _f.Tree["clients/none/root"];
        _f.Tree.CopyFrom(DeliveryFixture.TestPlugin("WritesMarker"), "clients/none/root");

        var report = AppEnvUpdater.CheckAll(Options("none"));

        var plugin = Assert.Single(report.Plugins);
        Assert.False(plugin.Ran);
        Assert.Equal($"Not verified: no verified archive was ever applied here (there is no {Path.Join(_f.StateOf("none"), "verified-files.json")}); with RequireVerifiedPlugins only files installed from a verified archive run, and no plugin runs without a valid record.", plugin.Error);
        Assert.False(File.Exists(Path.Join(root, Marker)));
        Assert.True(File.Exists(Path.Join(root, "ae_updater.dll")), "nothing is deleted");

        report = AppEnvUpdater.CheckAll(Options("none", require: false));
        Assert.True(Assert.Single(report.Plugins).Ran);
        Assert.True(File.Exists(Path.Join(root, Marker)), "with the option off the plugin runs, as before");
    }

    [Fact]
    public async Task APluginTheArchiveDidNotHave_DoesNotRun()
    {
        _f.Init();
        _f.AddBundle("1.0.0", Bundle("no-plugins"));
        Assert.Equal(UpdateStatus.Updated, (await _f.Client("c").UpdateAsync()).Status);
        _f.Tree.CopyFrom(DeliveryFixture.TestPlugin("WritesMarker"), "clients/c/root");

        var report = AppEnvUpdater.CheckAll(Options("c"));

        var plugin = Assert.Single(report.Plugins);
        Assert.StartsWith($"Not verified: {Path.Join(_f.RootOf("c"), "ae_updater.dll")} is not in a verified archive (the record of the archive of version 1.0.0 (tar sha256 ", plugin.Error, StringComparison.Ordinal);
        Assert.EndsWith(") has no 'ae_updater.dll').", plugin.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(_f.RootOf("c"), Marker)));
    }

    /// <remarks>
    /// A root-form plugin resolves its private dependencies from the app's folder: a Newtonsoft.Json.dll that came
    /// from elsewhere than the archive is refused when the plugin loads it, and the plugin never gets it. Once an
    /// archive brings it, the plugin runs with it.
    /// </remarks>
    [Fact]
    public async Task ADependencyTheArchiveDidNotBring_IsRefusedWhenThePluginLoadsIt()
    {
        _f.Init();
        var withoutDependency = Bundle("newtonsoft-1", ("", "UsesNewtonsoft"));
        File.Delete(Path.Join(withoutDependency, "Newtonsoft.Json.dll"));
        _f.AddBundle("1.0.0", withoutDependency);
        var client = _f.Client("c");
        Assert.Equal(UpdateStatus.Updated, (await client.UpdateAsync()).Status);
        var dependency = Path.Join(_f.RootOf("c"), "Newtonsoft.Json.dll");
        File.Copy(Path.Join(DeliveryFixture.TestPlugin("UsesNewtonsoft"), "Newtonsoft.Json.dll"), dependency);

        var report = AppEnvUpdater.CheckAll(Options("c"));

        var plugin = Assert.Single(report.Plugins);
        Assert.StartsWith($"Not verified: {dependency} is not in a verified archive", plugin.Error, StringComparison.Ordinal);
        Assert.False(plugin.Deleted);
        Assert.False(File.Exists(Path.Join(_f.RootOf("c"), "newtonsoft.json")), "the plugin got the dependency");
        Assert.True(File.Exists(Path.Join(_f.RootOf("c"), "ae_updater.dll")), "the plugin is kept");

        _f.AddBundle("1.1.0", Bundle("newtonsoft-2", ("", "UsesNewtonsoft")));
        Assert.Equal(UpdateStatus.Updated, (await client.UpdateAsync()).Status);
        report = AppEnvUpdater.CheckAll(Options("c"));
        plugin = Assert.Single(report.Plugins);
        Assert.Null(plugin.Error);
        Assert.True(plugin.Deleted);
        using var written = JsonDocument.Parse(File.ReadAllText(Path.Join(_f.RootOf("c"), "newtonsoft.json")));
        Assert.True(written.RootElement.GetProperty("SameContextAsPlugin").GetBoolean());
    }

    /// <remarks>
    /// The apply is killed (SIGKILL, a real child process) at each of its steps. Whatever the step, the engine sees the
    /// old record with the old files (killed before the intent record), or no plugin runs because the apply is pending;
    /// after recovery, the new record with the new files. Every recorded hash is then the hash of the file on disk.
    /// </remarks>
    [Theory]
    [InlineData("staged", false)]
    [InlineData("intent", true)]
    [InlineData("file:1", true)]
    [InlineData("verified-files", true)]
    [InlineData("installed", true)]
    public async Task AKilledApplyLeavesAConsistentRecord(string step, bool pending)
    {
        _f.Init();
        var one = Bundle("every-start-1", ("ae_pre_app_run", "EveryStart"));
        var two = Bundle("every-start-2", ("ae_pre_app_run", "WritesToStdout"));
        _f.AddBundle("1.0.0", one);
        Assert.Equal(UpdateStatus.Updated, (await _f.Client("c").UpdateAsync()).Status);
        _f.AddBundle("1.1.0", two);

        var (exit, output) = KilledApplyTests.RunHost(_f, "c", step);
        Assert.True(exit != 0, output);
        Assert.Contains("step " + step, output, StringComparison.Ordinal);

        var report = AppEnvUpdater.CheckAll(Options("c"));
        var plugin = Assert.Single(report.Plugins);
        if (pending)
        {
            // The root may hold files of both versions: the record (the old or the new one, whole) is not trusted.
            Assert.False(plugin.Ran);
            Assert.StartsWith("Not verified: an archive apply was interrupted or is in progress", plugin.Error, StringComparison.Ordinal);
            var recorded = RecordedHash("c", "ae_pre_app_run/ae_pre_app_run.dll");
            Assert.Contains(recorded, new[] { Sha256Of(one, "ae_pre_app_run/ae_pre_app_run.dll"), Sha256Of(two, "ae_pre_app_run/ae_pre_app_run.dll") });
            Assert.Equal(step is "verified-files" or "installed" ? Sha256Of(two, "ae_pre_app_run/ae_pre_app_run.dll") : Sha256Of(one, "ae_pre_app_run/ae_pre_app_run.dll"), recorded);
        }
        else
        {
            AssertRecordDescribes(one, "c");
            AssertRecordMatchesDisk("c");
            Assert.True(plugin.Ran, plugin.Error);
        }

        var recovery = _f.Client("c").Recover();
        Assert.NotNull(recovery);
        if (pending)
        {
            AssertRecordDescribes(two, "c");
        }
        else
        {
            Assert.Equal(UpdateStatus.Updated, (await _f.Client("c").UpdateAsync()).Status);
            AssertRecordDescribes(two, "c");
        }

        AssertRecordMatchesDisk("c");
        report = AppEnvUpdater.CheckAll(Options("c"));
        plugin = Assert.Single(report.Plugins);
        Assert.True(plugin.Ran && plugin.Error is null, plugin.Error);
    }

    /// <summary>A bundle folder: <c>app.txt</c> and, per (folder, project), a built test plugin copied into the folder (<c>""</c>: the root).</summary>
    internal string Bundle(string name, params (string Folder, string Project)[] plugins)
    {
        var dir = _f.Tree[$"vbundles/{name}"];
        if (Directory.Exists(dir))
        {
            return dir;
        }

        _f.Tree.File($"vbundles/{name}/app.txt", $"the app of bundle {name}\n");
        foreach (var (folder, project) in plugins)
        {
            _f.Tree.CopyFrom(DeliveryFixture.TestPlugin(project), folder.Length == 0 ? $"vbundles/{name}" : $"vbundles/{name}/{folder}");
        }

        return dir;
    }

    /// <summary>Asserts that the client's record lists exactly the bundle's files, each with the hash and length of the bundle's bytes.</summary>
    internal void AssertRecordDescribes(string bundle, string client)
    {
        using var record = JsonDocument.Parse(File.ReadAllBytes(Path.Join(_f.StateOf(client), "verified-files.json")));
        Assert.Equal(1, record.RootElement.GetProperty("format").GetInt32());
        var files = record.RootElement.GetProperty("files").EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var expected = Directory.EnumerateFiles(bundle, "*", SearchOption.AllDirectories).ToList();
        Assert.Equal(
            expected.Select(f => Path.GetRelativePath(bundle, f).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal),
            files.Keys.Order(StringComparer.Ordinal));
        foreach (var file in expected)
        {
            var entry = files[Path.GetRelativePath(bundle, file).Replace(Path.DirectorySeparatorChar, '/')];
            var bytes = File.ReadAllBytes(file);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), entry.GetProperty("sha256").GetString());
            Assert.Equal(bytes.Length, entry.GetProperty("length").GetInt64());
        }
    }

    /// <summary>Asserts that every file the client's record lists is on disk with that hash and length.</summary>
    internal void AssertRecordMatchesDisk(string client)
    {
        using var record = JsonDocument.Parse(File.ReadAllBytes(Path.Join(_f.StateOf(client), "verified-files.json")));
        foreach (var entry in record.RootElement.GetProperty("files").EnumerateObject())
        {
            var bytes = File.ReadAllBytes(Path.Join(_f.RootOf(client), entry.Name));
            Assert.True(
                Convert.ToHexStringLower(SHA256.HashData(bytes)) == entry.Value.GetProperty("sha256").GetString() && bytes.Length == entry.Value.GetProperty("length").GetInt64(),
                $"{entry.Name} on disk is not what the record says");
        }
    }

    internal string? RecordedHash(string client, string path)
    {
        using var record = JsonDocument.Parse(File.ReadAllBytes(Path.Join(_f.StateOf(client), "verified-files.json")));
        return record.RootElement.GetProperty("files").GetProperty(path).GetProperty("sha256").GetString();
    }

    internal static string Sha256Of(string folder, string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Join(folder, path))));

    internal UpdaterOptions Options(string client, bool require = true) => new()
    {
        Root = _f.RootOf(client),
        StateDirectory = _f.StateOf(client),
        AppName = DeliveryFixture.App,
        DefaultDestination = _f.Tree["usr"],
        RequireVerifiedPlugins = require,
        Environment = new PlaceholderEnvironment
        {
            HomeDirectory = _f.Tree["home"],
            Platform = PlatformIds.Detect(),
            GetCurrentDirectory = () => _f.RootOf(client),
            EntryAssemblyName = DeliveryFixture.App,
        },
    };
}
