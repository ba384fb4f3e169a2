using AeUpdater.Cli.Tests.Support;

namespace AeUpdater.Cli.Tests;

public sealed class UsageTests
{
    [Fact]
    public void Help_Root_Exits0AndListsCommands()
    {
        using var tree = TempTree.Create();

        var result = CliRunner.Run(tree, "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "check-all", "defuse", "dedefuse", "placeholders", "Examples:" })
        {
            Assert.Contains(command, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Help_CheckAll_ListsEveryOption()
    {
        using var tree = TempTree.Create();

        var result = CliRunner.Run(tree, "check-all", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--root", "--dst", "--os", "--placeholder", "--dry-run", "--json", "--app-name", "--trust-any-plugin", "--require-verified-plugins", "Exit codes" })
        {
            Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NoCommand_Exits2()
    {
        using var tree = TempTree.Create();

        var result = CliRunner.Run(tree);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--help", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAll_UnknownOption_Exits2WithMessageOnStderr()
    {
        using var tree = TempTree.Create().Folder("dist");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "--bogus");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--bogus", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("usr")]
    [InlineData("=/a")]
    [InlineData("1usr=/a")]
    [InlineData("usr=")]
    [InlineData("us-r=/a")]
    public void CheckAll_BadPlaceholder_Exits2(string value)
    {
        using var tree = TempTree.Create().Folder("dist");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "--placeholder", value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--placeholder", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("windows")]
    [InlineData("Linux")]
    [InlineData("")]
    public void CheckAll_UnknownOs_Exits2(string os)
    {
        using var tree = TempTree.Create().Folder("dist");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "--os", os);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("platform id", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAll_InvalidOptionFromEnvironment_Exits2ListingTheProblem()
    {
        using var tree = TempTree.Create().Folder("dist");
        var environment = CliRunner.TempHome(tree);
        environment["AEUPDATER__PLATFORM"] = "beos";
        environment["AEUPDATER__DEFAULTDESTINATION"] = " ";

        var result = CliRunner.Run(tree, environment, "check-all", "--root", tree["dist"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Platform: 'beos'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("DefaultDestination", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAll_UnbindableOptionFromEnvironment_Exits2()
    {
        using var tree = TempTree.Create().Folder("dist");
        var environment = CliRunner.TempHome(tree);
        environment["AEUPDATER__DRYRUN"] = "maybe";

        var result = CliRunner.Run(tree, environment, "check-all", "--root", tree["dist"]);

        Assert.Equal(2, result.ExitCode);
    }
}
