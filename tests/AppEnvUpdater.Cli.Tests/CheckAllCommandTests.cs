using System.Text.Json;
using AeUpdater.Cli.Tests.Support;

namespace AeUpdater.Cli.Tests;

/// <summary><c>check-all</c> on temporary trees; these need the engine (<c>AppEnvUpdater.CheckAll</c>).</summary>
public sealed class CheckAllCommandTests
{
    [Fact]
    public void CheckAll_CopiesFolder_CopiesFilesAndPrintsJson()
    {
        using var tree = TempTree.Create()
            .File("dist/ae_updater_copies/a.txt", "a")
            .File("dist/ae_updater_copies/sub/b.txt", "b");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"], "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("a", tree.ReadText("usr/a.txt"));
        Assert.Equal("b", tree.ReadText("usr/sub/b.txt"));
        using var json = result.Json();
        var root = json.RootElement;
        Assert.Equal(tree["dist"], root.GetProperty("root").GetString());
        Assert.False(root.GetProperty("dryRun").GetBoolean());
        Assert.Equal([tree["usr/a.txt"], tree["usr/sub/b.txt"]], root.GetProperty("processed").EnumerateArray().Select(e => e.GetString()));
        var operations = root.GetProperty("operations").EnumerateArray().ToList();
        Assert.Equal(2, operations.Count);
        var first = operations[0];
        Assert.Equal("copy", first.GetProperty("kind").GetString());
        Assert.False(first.GetProperty("overwrite").GetBoolean());
        Assert.Equal(tree["dist/ae_updater_copies/a.txt"], first.GetProperty("source").GetString());
        Assert.Equal(tree["usr/a.txt"], first.GetProperty("destination").GetString());
        Assert.Equal("copied", first.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("error").ValueKind);
        Assert.Equal(tree["dist/ae_updater_copies"], first.GetProperty("folder").GetString());
        foreach (var name in new[] { "rejected", "ignored", "skipped", "plugins" })
        {
            Assert.Equal(0, root.GetProperty(name).GetArrayLength());
        }
    }

    [Fact]
    public void CheckAll_ExistingDestination_SkipsCopyAndOverMoveReplaces()
    {
        using var tree = TempTree.Create()
            .File("usr/keep.txt", "user's")
            .File("usr/replace.txt", "old")
            .File("dist/ae_updater_copies/keep.txt", "shipped")
            .File("dist/ae_updater_over_moves/replace.txt", "new");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"], "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("user's", tree.ReadText("usr/keep.txt"));
        Assert.Equal("new", tree.ReadText("usr/replace.txt"));
        Assert.False(tree.FileExists("dist/ae_updater_over_moves/replace.txt"));
        using var json = result.Json();
        var operations = json.RootElement.GetProperty("operations").EnumerateArray()
            .Select(o => (o.GetProperty("kind").GetString(), o.GetProperty("overwrite").GetBoolean(), o.GetProperty("outcome").GetString()))
            .ToList();
        Assert.Equal([("copy", false, "skipped"), ("move", true, "moved")], operations);
    }

    [Fact]
    public void CheckAll_DryRun_PlansAndChangesNothing()
    {
        using var tree = TempTree.Create().File("dist/ae_updater_moves/a.txt", "a");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"], "--dry-run", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(tree.FileExists("dist/ae_updater_moves/a.txt"));
        Assert.False(Directory.Exists(tree["usr"]));
        using var json = result.Json();
        Assert.True(json.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal(0, json.RootElement.GetProperty("processed").GetArrayLength());
        var operation = Assert.Single(json.RootElement.GetProperty("operations").EnumerateArray());
        Assert.Equal("planned", operation.GetProperty("outcome").GetString());
        Assert.Equal("move", operation.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CheckAll_RejectedFolder_Exits1AndTouchesNothingInIt(bool dryRun)
    {
        using var tree = TempTree.Create()
            .File("dist/ae_updater_copies___Bogus__x/a.txt")
            .File("dist/ae_updater_copies/ok.txt");
        string[] args = ["check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"], "--json", .. dryRun ? ["--dry-run"] : Array.Empty<string>()];

        var result = CliRunner.Run(tree, args);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.False(tree.FileExists("usr/a.txt"));
        Assert.Equal(!dryRun, tree.FileExists("usr/ok.txt"));
        using var json = result.Json();
        var rejected = Assert.Single(json.RootElement.GetProperty("rejected").EnumerateArray());
        Assert.Equal(tree["dist/ae_updater_copies___Bogus__x"], rejected.GetProperty("folder").GetString());
        Assert.False(string.IsNullOrWhiteSpace(rejected.GetProperty("reason").GetString()));
        Assert.True(json.RootElement.GetProperty("hasFailures").GetBoolean());
    }

    [Fact]
    public void CheckAll_DirectoryWhereAFileGoes_ReportsFailedAndExits1()
    {
        // A conflict the engine cannot resolve, even when the tests run as root (a read-only folder would not stop root).
        using var tree = TempTree.Create()
            .Folder("usr/a.txt")
            .File("dist/ae_updater_over_copies/a.txt", "a")
            .File("dist/ae_updater_over_copies/b.txt", "b");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"], "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.True(Directory.Exists(tree["usr/a.txt"]));
        Assert.Equal("b", tree.ReadText("usr/b.txt"));
        using var json = result.Json();
        var failed = json.RootElement.GetProperty("operations").EnumerateArray().Single(o => o.GetProperty("outcome").GetString() == "failed");
        Assert.Equal(tree["usr/a.txt"], failed.GetProperty("destination").GetString());
        Assert.Equal(JsonValueKind.String, failed.GetProperty("error").ValueKind);
        Assert.Equal([tree["usr/b.txt"]], json.RootElement.GetProperty("processed").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void CheckAll_OsOption_SkipsOtherPlatformsAndAppliesItsOwn()
    {
        using var tree = TempTree.Create()
            .File("dist/ae_updater_copies___OnOS__win32/win.txt")
            .File("dist/ae_updater_copies___OnOS__linux/linux.txt");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"], "--os", "win32", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(tree.FileExists("usr/win.txt"));
        Assert.False(tree.FileExists("usr/linux.txt"));
        using var json = result.Json();
        Assert.Equal("win32", json.RootElement.GetProperty("platform").GetString());
        var skipped = Assert.Single(json.RootElement.GetProperty("skipped").EnumerateArray());
        Assert.Equal(tree["dist/ae_updater_copies___OnOS__linux"], skipped.GetProperty("folder").GetString());
    }

    [Fact]
    public void CheckAll_ToPathWithPlaceholderAndAppName_GoesUnderApp()
    {
        using var tree = TempTree.Create().File("dist/ae_updater_moves___ToPath__﹛app﹜⁄themes/ocean.json", "{}");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"], "--app-name", "Demo");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(tree.FileExists("usr/Demo/themes/ocean.json"));
    }

    [Fact]
    public void CheckAll_DestinationOption_ReplacesDefaultDestination()
    {
        using var tree = TempTree.Create().File("dist/ae_updater_copies/a.txt");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"], "--dst", "{usr}/elsewhere");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(tree.FileExists("usr/elsewhere/a.txt"));
    }

    [Fact]
    public void CheckAll_RootFromEnvironmentAndCommandLine_CommandLineWins()
    {
        using var tree = TempTree.Create()
            .File("env-root/ae_updater_copies/from-env.txt")
            .File("cli-root/ae_updater_copies/from-cli.txt");
        var environment = CliRunner.TempHome(tree);
        environment["AEUPDATER__ROOT"] = tree["env-root"];
        environment["AEUPDATER__PLACEHOLDERS__usr"] = tree["usr"];

        var fromEnvironment = CliRunner.Run(tree, environment, "check-all");
        var fromCommandLine = CliRunner.Run(tree, environment, "check-all", "--root", "cli-root");

        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());
        Assert.True(fromCommandLine.ExitCode == 0, fromCommandLine.ToString());
        Assert.True(tree.FileExists("usr/from-env.txt"));
        Assert.True(tree.FileExists("usr/from-cli.txt"));
    }

    [Fact]
    public void CheckAll_RootFromAppSettingsInCurrentDirectory_IsUsed()
    {
        using var tree = TempTree.Create()
            .File("appsettings.json", """{ "AeUpdater": { "Root": "dist", "Placeholders": { "usr": "usr" } } }""")
            .File("dist/ae_updater_copies/a.txt");

        var result = CliRunner.Run(tree, "check-all", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(tree.FileExists("usr/a.txt"));
    }

    [Fact]
    public void CheckAll_EmptyRoot_NothingToDoExits0()
    {
        using var tree = TempTree.Create().Folder("dist");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("nothing to do", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAll_TextReport_ShowsFolderTableRejectedAndSummary()
    {
        using var tree = TempTree.Create()
            .File("dist/ae_updater_copies/a.txt")
            .File("dist/ae_updater_copies___Bogus__x/b.txt");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ae_updater_copies (copies)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(tree["usr/a.txt"], result.Stdout, StringComparison.Ordinal);
        Assert.Contains("copied", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Rejected folders", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("ae_updater_copies___Bogus__x", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Summary: 1 copied, 1 rejected folder", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(exit 1)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAll_TextReportLargeFolder_ListsOnlyExplainedRowsAndCountsTheRest()
    {
        using var tree = TempTree.Create();
        for (var i = 0; i < 250; i++)
        {
            tree.File($"dist/ae_updater_moves/f{i:000}.txt");
        }

        tree.File("usr/sub", "user file").File("dist/ae_updater_copies/sub/x.txt");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"]);

        Assert.Contains("250 files: 250 moved (0 listed; --json lists every file)", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("f007.txt", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Summary: 250 moved, 1 failed", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAll_InteractiveTerminal_ShowsProgressThenTheReport()
    {
        using var tree = TempTree.Create()
            .File("dist/ae_updater_copies/a.txt")
            .File("dist/ae_updater_moves/b.txt");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var host = new Hosting.CliHost
        {
            Stdout = stdout,
            Stderr = stderr,
            Environment = CliRunner.TempHome(tree),
            CurrentDirectory = tree.Root,
            ToolDirectory = AppContext.BaseDirectory,
            IsInteractive = true,
        };

        var exitCode = CliApp.Run(["check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"]], host);

        Assert.True(exitCode == 0, stdout + "\n" + stderr);
        Assert.True(tree.FileExists("usr/a.txt"));
        Assert.True(tree.FileExists("usr/b.txt"));
        Assert.Contains("1 copied, 1 moved", stdout.ToString(), StringComparison.Ordinal);
    }
}
