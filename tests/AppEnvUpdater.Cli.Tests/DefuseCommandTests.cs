using AeUpdater.Cli.Tests.Support;

namespace AeUpdater.Cli.Tests;

public sealed class DefuseCommandTests
{
    [Theory]
    [InlineData("{app}/themes", "﹛app﹜⁄themes")]
    [InlineData("{usr}", "﹛usr﹜")]
    [InlineData("https://host/a", "https⫻host⁄a")]
    [InlineData("plain", "plain")]
    public void Defuse_Text_PrintsDefusedTextAndNewline(string text, string expected)
    {
        using var tree = TempTree.Create();

        var result = CliRunner.Run(tree, "defuse", text);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected + Environment.NewLine, result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData("﹛app﹜⁄themes", "{app}/themes")]
    [InlineData("https⫻host⁄a", "https://host/a")]
    public void Dedefuse_DefusedText_PrintsOriginal(string text, string expected)
    {
        using var tree = TempTree.Create();

        var result = CliRunner.Run(tree, "dedefuse", text);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected + Environment.NewLine, result.Stdout);
    }

    [Fact]
    public void Defuse_WithoutText_Exits2()
    {
        using var tree = TempTree.Create();

        var result = CliRunner.Run(tree, "defuse");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("defuse --help", result.Stderr, StringComparison.Ordinal);
    }
}
