using AeUpdater.Cli.Tests.Support;

namespace AeUpdater.Cli.Tests;

/// <summary>The real executable, <c>dotnet ae-updater.dll</c>, with HOME and XDG_CONFIG_HOME in a temporary tree.</summary>
public sealed class ChildProcessTests
{
    [Fact]
    public void Process_Help_Exits0()
    {
        using var tree = TempTree.Create();

        var result = CliRunner.RunProcess(tree, null, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("check-all", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_BadPlaceholder_Exits2WithMessageOnStderr()
    {
        using var tree = TempTree.Create().Folder("dist");

        var result = CliRunner.RunProcess(tree, null, "check-all", "--root", "dist", "--placeholder", "nonsense");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ID=PATH", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Process_Dedefuse_PrintsUtf8Text()
    {
        using var tree = TempTree.Create();

        var result = CliRunner.RunProcess(tree, null, "defuse", "{app}/x");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("﹛app﹜⁄x", result.Stdout.TrimEnd());
    }

    [Fact]
    public void Process_CheckAllJsonVerbose_StdoutIsOneJsonObjectAndLogsGoToStderr()
    {
        using var tree = TempTree.Create().File("dist/ae_updater_copies/a.txt", "a");

        var result = CliRunner.RunProcess(tree, null, "check-all", "--root", "dist", "--json", "--verbose");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = result.Json();
        var processed = Assert.Single(json.RootElement.GetProperty("processed").EnumerateArray());
        var usr = OperatingSystem.IsMacOS() ? tree["home/Library/Application Support"] : tree["xdg"];
        Assert.Equal(Path.Combine(usr, "a.txt"), processed.GetString());
        Assert.Equal("a", File.ReadAllText(Path.Combine(usr, "a.txt")));
        Assert.NotEqual("", result.Stderr);
    }

    [Fact]
    public void Process_RejectedFolder_Exits1()
    {
        using var tree = TempTree.Create().File("dist/ae_updater_over_moves___ToPath__/a.txt");

        var result = CliRunner.RunProcess(tree, null, "check-all", "--root", "dist");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.True(tree.FileExists("dist/ae_updater_over_moves___ToPath__/a.txt"));
    }

    [Fact]
    public void Process_NoRoot_SearchesTheCurrentDirectoryNotTheToolsFolder()
    {
        // The library's default root is the app's base directory; the tool passes the current directory instead.
        using var tree = TempTree.Create().File("ae_updater_copies/a.txt", "a");

        var result = CliRunner.RunProcess(tree, null, "check-all", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = result.Json();
        Assert.Equal(tree.Root, json.RootElement.GetProperty("root").GetString());
        Assert.Single(json.RootElement.GetProperty("processed").EnumerateArray());
    }
}
