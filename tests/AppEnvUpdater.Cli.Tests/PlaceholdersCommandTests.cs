using System.Text.Json;
using AeUpdater.Cli.Tests.Support;

namespace AeUpdater.Cli.Tests;

public sealed class PlaceholdersCommandTests
{
    [Fact]
    public void Placeholders_Json_ListsBuiltInIdsUnderTheGivenHome()
    {
        using var tree = TempTree.Create();

        var result = CliRunner.Run(tree, "placeholders", "--json", "--app-name", "Demo", "-p", "usr=" + tree["usr"]);

        Assert.Equal(0, result.ExitCode);
        using var json = result.Json();
        var root = json.RootElement;
        Assert.Equal(JsonValueKind.String, root.GetProperty("platform").ValueKind);
        Assert.Equal("Demo", root.GetProperty("appName").GetString());
        var placeholders = root.GetProperty("placeholders");
        Assert.Equal(tree["usr"], placeholders.GetProperty("usr").GetString());
        Assert.Equal(Path.Combine(tree["usr"], "Demo"), placeholders.GetProperty("app").GetString());
        Assert.Equal(tree.Root, placeholders.GetProperty("cwd").GetString());
        Assert.Equal(tree["home"], placeholders.GetProperty("home").GetString());
        foreach (var id in new[] { "app_name", "doc", "ado", "documents", "downloads", "pictures", "music", "videos", "desktop" })
        {
            Assert.Equal(JsonValueKind.String, placeholders.GetProperty(id).ValueKind);
        }
    }

    [Fact]
    public void Placeholders_EnvironmentVariableOverride_IsApplied()
    {
        using var tree = TempTree.Create();
        var environment = CliRunner.TempHome(tree);
        environment["AEUPDATER__PLACEHOLDERS__usr"] = tree["from-env"];
        environment["AEUPDATER__PLACEHOLDERS__shared"] = "{home}/shared";
        environment["AEUPDATER__APPNAME"] = "EnvApp";

        var result = CliRunner.Run(tree, environment, "placeholders", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = result.Json();
        var placeholders = json.RootElement.GetProperty("placeholders");
        Assert.Equal(tree["from-env"], placeholders.GetProperty("usr").GetString());
        Assert.Equal(Path.Combine(tree["home"], "shared"), placeholders.GetProperty("shared").GetString());
        Assert.Equal(Path.Combine(tree["from-env"], "EnvApp"), placeholders.GetProperty("app").GetString());
    }

    [Fact]
    public void Placeholders_CommandLineOverride_WinsOverAppSettingsInCurrentDirectory()
    {
        using var tree = TempTree.Create()
            .File("appsettings.json", """{ "AeUpdater": { "AppName": "FileApp", "Placeholders": { "usr": "from-file" } } }""");

        var fromFile = CliRunner.Run(tree, "placeholders", "--json");
        var fromCommandLine = CliRunner.Run(tree, "placeholders", "--json", "-p", "usr=" + tree["cli"], "--app-name", "CliApp");

        using var file = fromFile.Json();
        Assert.Equal(tree["from-file"], file.RootElement.GetProperty("placeholders").GetProperty("usr").GetString());
        Assert.Equal("FileApp", file.RootElement.GetProperty("appName").GetString());
        using var cli = fromCommandLine.Json();
        Assert.Equal(tree["cli"], cli.RootElement.GetProperty("placeholders").GetProperty("usr").GetString());
        Assert.Equal("CliApp", cli.RootElement.GetProperty("appName").GetString());
    }

    [Fact]
    public void Placeholders_Text_ShowsATable()
    {
        using var tree = TempTree.Create();

        var result = CliRunner.Run(tree, "placeholders", "-p", "usr=" + tree["usr"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("{usr}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(tree["usr"], result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Placeholders_UnknownIdInOverride_Exits2WithMessage()
    {
        using var tree = TempTree.Create();

        var result = CliRunner.Run(tree, "placeholders", "-p", "x={nope}/a");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }
}
