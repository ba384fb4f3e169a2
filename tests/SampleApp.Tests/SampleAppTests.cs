using System.Text.Json.Nodes;

namespace AeUpdater.SampleApp.Tests;

public sealed class SampleAppTests : IDisposable
{
    private readonly string _scratch = Path.Join(Path.GetTempPath(), "aeupdater-sample-tests", Guid.NewGuid().ToString("N"));

    public SampleAppTests()
    {
        Directory.CreateDirectory(_scratch);
    }

    private string Usr(string relative) => Path.Join(_scratch, "usr", "SampleApp", relative);

    private string App(string relative) => Path.Join(_scratch, "app", relative);

    [Fact]
    public void SampleApp_RunTwice_AppliesDropInsOnceThenHasNothingNewToDo()
    {
        var first = SampleAppRun.Start(_scratch);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("First start", first.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Usr("bookmarks.json")), "copies: a new file is seeded");
        Assert.Contains("\"dark\"", File.ReadAllText(Usr("settings.json")), StringComparison.Ordinal);
        Assert.Contains("version 2", File.ReadAllText(Usr("help.md")), StringComparison.Ordinal);
        Assert.True(File.Exists(Usr("themes/ocean.json")), "moves with ToPath__{app}/themes");
        Assert.True(File.Exists(Usr("themes/forest.json")));
        Assert.Empty(Directory.EnumerateFiles(App("ae_updater_moves___ToPath__﹛app﹜⁄themes"), "*", SearchOption.AllDirectories));
        Assert.Contains(Environment.OSVersion.Platform == PlatformID.Win32NT ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : "linux", File.ReadAllText(Usr("platform.txt")), StringComparison.Ordinal);
        Assert.Contains("not for this platform", first.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Join(_scratch, "app", "ae_updater_copies", "SampleApp", "settings.json")), "copies leave the bundle in place");
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Join(_scratch, "logs")));
        var afterFirst = Snapshot();

        var second = SampleAppRun.Start(_scratch);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Another start", second.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("moved ", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(afterFirst, Snapshot());
    }

    [Fact]
    public void SampleApp_RunTwice_MigrationPluginRunsOnceAndPreAppRunEveryStart()
    {
        var first = SampleAppRun.Start(_scratch);

        Assert.True(first.ExitCode == 0, first.ToString());
        var settings = JsonNode.Parse(File.ReadAllText(Usr("settings.json")))!.AsObject();
        Assert.Equal(12, (int)settings["textSize"]!);
        Assert.False(settings.ContainsKey("fontSize"));
        Assert.Equal("dark", (string?)settings["theme"]);
        Assert.False(Directory.Exists(App("ae_updater")), "the one-shot plugin is deleted after it returned true");
        Assert.True(File.Exists(App("ae_pre_app_run.dll")), "the every-start plugin is kept");
        Assert.Contains("[ae_pre_app_run]", first.Stderr, StringComparison.Ordinal);

        var second = SampleAppRun.Start(_scratch);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("[ae_pre_app_run]", second.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ae_updater ", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(settings.ToJsonString(), JsonNode.Parse(File.ReadAllText(Usr("settings.json")))!.ToJsonString());
    }

    [Fact]
    public void SampleApp_DefaultScratch_IsPerUser()
    {
        // Two users (two homes) on one machine: each one's first run is a first start in a folder of their own.
        var ann = Path.Join(_scratch, "ann");
        var bob = Path.Join(_scratch, "bob");
        Directory.CreateDirectory(ann);
        Directory.CreateDirectory(bob);

        var annFirst = SampleAppRun.StartAsUserWithHome(ann);
        var annSecond = SampleAppRun.StartAsUserWithHome(ann);
        var bobFirst = SampleAppRun.StartAsUserWithHome(bob);

        Assert.True(annFirst.ExitCode == 0, annFirst.ToString());
        Assert.Contains("First start", annFirst.Stdout, StringComparison.Ordinal);
        Assert.Contains("Another start", annSecond.Stdout, StringComparison.Ordinal);
        Assert.True(bobFirst.ExitCode == 0, bobFirst.ToString());
        Assert.Contains("First start", bobFirst.Stdout, StringComparison.Ordinal);
        var local = OperatingSystem.IsWindows() ? Path.Join("AppData", "Local")
            : OperatingSystem.IsMacOS() ? Path.Join("Library", "Application Support")
            : Path.Join(".local", "share");
        Assert.True(File.Exists(Path.Join(ann, local, "aeupdater-sample", "usr", "SampleApp", "settings.json")), annFirst.Stdout);
        Assert.True(File.Exists(Path.Join(bob, local, "aeupdater-sample", "usr", "SampleApp", "settings.json")), bobFirst.Stdout);
    }

    [Fact]
    public void SampleApp_Reset_StartsOverFromTheBundle()
    {
        Assert.Equal(0, SampleAppRun.Start(_scratch).ExitCode);
        File.Delete(Usr("bookmarks.json"));

        var reset = SampleAppRun.Start(_scratch, "--reset");

        Assert.True(reset.ExitCode == 0, reset.ToString());
        Assert.Contains("First start", reset.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Usr("bookmarks.json")));
        Assert.True(File.Exists(Usr("themes/ocean.json")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    private SortedDictionary<string, string> Snapshot()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "usr", "app" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Join(_scratch, folder), "*", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}.aeupdater{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    continue; // AeUpdater's own state directory (journal, lock) changes on every start by design.
                }

                files[Path.GetRelativePath(_scratch, file)] = file.EndsWith(".dll", StringComparison.Ordinal) || file.EndsWith(".pdb", StringComparison.Ordinal)
                    ? "(binary)"
                    : File.ReadAllText(file);
            }
        }

        return files;
    }
}
