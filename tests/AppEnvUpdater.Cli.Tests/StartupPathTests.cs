using System.CommandLine;
using AeUpdater.Cli.Hosting;
using AeUpdater.Cli.Tests.Support;

namespace AeUpdater.Cli.Tests;

/// <summary>The start-up shortcuts of the CLI (docs/performance.md) change nothing a user sees.</summary>
public sealed class StartupPathTests
{
    private static CliHost Host() => CliHost.Create(TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>());

    [Fact]
    public void CommandTable_NamesEachCommandAsItIsBuilt()
    {
        var full = CliApp.CreateRootCommand(Host());

        Assert.Equal(CliApp.Commands.Select(c => c.Name), full.Subcommands.Select(c => c.Name));
    }

    [Fact]
    public void FirstArgumentNamingACommand_BuildsThatCommandAlone()
    {
        foreach (var (name, _) in CliApp.Commands)
        {
            var root = CliApp.CreateRootCommand(Host(), name);

            Assert.Equal([name], root.Subcommands.Select(c => c.Name));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("--help")]
    [InlineData("chek-all")]
    [InlineData("@args.rsp")]
    [InlineData("CHECK-ALL")]
    public void AnyOtherFirstArgument_BuildsEveryCommand(string? first)
    {
        var root = CliApp.CreateRootCommand(Host(), first);

        Assert.Equal(CliApp.Commands.Count, root.Subcommands.Count);
    }

    [Theory]
    [InlineData("check-all")]
    [InlineData("status")]
    [InlineData("app")]
    [InlineData("tuf")]
    public void CommandHelp_IsTheSameWithOrWithoutTheOtherCommands(string name)
    {
        static string Help(RootCommand root, string name)
        {
            using var stdout = new StringWriter();
            var exit = root.Parse([name, "--help"]).Invoke(new InvocationConfiguration { Output = stdout, Error = TextWriter.Null });
            Assert.Equal(0, exit);
            return stdout.ToString();
        }

        var alone = Help(CliApp.CreateRootCommand(Host(), name), name);
        var full = Help(CliApp.CreateRootCommand(Host()), name);

        Assert.Equal(full, alone);
        Assert.Contains(name, alone, StringComparison.Ordinal);
    }

    [Fact]
    public void UsageErrorOfACommand_IsTheSameWithOrWithoutTheOtherCommands()
    {
        string[] args = ["check-all", "--bogus", "extra"];

        var alone = CliApp.CreateRootCommand(Host(), "check-all").Parse(args).Errors.Select(e => e.Message);
        var full = CliApp.CreateRootCommand(Host()).Parse(args).Errors.Select(e => e.Message);

        Assert.Equal(full, alone);
        Assert.NotEmpty(alone);
    }

    [Fact]
    public void CheckAll_NothingToDo_StillRejectsABadSerilogSection()
    {
        // The shortcuts must not skip the configuration checks: a broken logging section is exit code 2 on a no-op too.
        using var tree = TempTree.Create().Folder("dist");
        var environment = CliRunner.TempHome(tree);
        environment["SERILOG__MINIMUMLEVEL__DEFAULT"] = "Loud";

        var result = CliRunner.Run(tree, environment, "check-all", "--root", tree["dist"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Serilog", result.Stderr, StringComparison.Ordinal);
    }
}
