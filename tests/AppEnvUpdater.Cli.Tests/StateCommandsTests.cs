using AeUpdater.Cli.Tests.Support;

namespace AeUpdater.Cli.Tests;

/// <summary><c>ae-updater status</c> and <c>ae-updater forget-plugin</c> on a real state directory.</summary>
public sealed class StateCommandsTests
{
    private const string Quarantined = "{\"type\":\"plugin-summary\",\"name\":\"ae_updater\",\"hash\":\"aa11\",\"succeeded\":false,\"failures\":3,\"error\":\"boom\"}\n" +
        "{\"type\":\"plugin-summary\",\"name\":\"ae_pre_app_run\",\"hash\":\"bb22\",\"succeeded\":true,\"failures\":0}\n";

    private const string Unfinished = "{\"type\":\"run\",\"id\":\"r7\",\"started\":\"2026-11-24T01:00:00.0000000+00:00\",\"root\":\"/r\",\"pid\":1,\"operations\":1}\n" +
        "{\"type\":\"intent\",\"i\":0,\"kind\":\"copy\",\"overwrite\":false,\"source\":\"/r/ae_updater_copies/a\",\"destination\":\"/u/a\"}\n";

    [Fact]
    public void Status_Json_OneObjectWithUnfinishedRunAndQuarantinedPlugin()
    {
        using var tree = TempTree.Create().Folder("dist").File("state/journal.jsonl", Unfinished).File("state/plugins.jsonl", Quarantined);

        var result = CliRunner.Run(tree, "status", "--root", tree["dist"], "--state-dir", tree["state"], "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = result.Json();
        var root = json.RootElement;
        Assert.Equal(tree["state"], root.GetProperty("stateDirectory").GetString());
        Assert.Equal("r7", root.GetProperty("lastRun").GetProperty("id").GetString());
        Assert.True(root.GetProperty("lastRun").GetProperty("unfinished").GetBoolean());
        var plugins = root.GetProperty("plugins").EnumerateArray().ToList();
        Assert.Equal(("ae_updater", true, 3, "failed"), (plugins[0].GetProperty("name").GetString(), plugins[0].GetProperty("quarantined").GetBoolean(), plugins[0].GetProperty("consecutiveFailures").GetInt32(), plugins[0].GetProperty("lastResult").GetString()));
        Assert.Equal(("ae_pre_app_run", true, false), (plugins[1].GetProperty("name").GetString(), plugins[1].GetProperty("successRecorded").GetBoolean(), plugins[1].GetProperty("quarantined").GetBoolean()));
        Assert.Equal(Quarantined, File.ReadAllText(tree["state/plugins.jsonl"]));
    }

    [Fact]
    public void Status_Text_SaysUnfinishedAndQuarantined()
    {
        using var tree = TempTree.Create().Folder("dist").File("state/journal.jsonl", Unfinished).File("state/plugins.jsonl", Quarantined);

        var result = CliRunner.Run(tree, "status", "--root", tree["dist"], "--state-dir", tree["state"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("UNFINISHED", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("QUARANTINED", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ForgetPlugin_Failures_QuarantineLiftedSuccessOfOthersKept()
    {
        using var tree = TempTree.Create().Folder("dist").File("state/plugins.jsonl", Quarantined);

        var forget = CliRunner.Run(tree, "forget-plugin", "ae_updater", "--failures", "--root", tree["dist"], "--state-dir", tree["state"], "--json");
        var status = CliRunner.Run(tree, "status", "--root", tree["dist"], "--state-dir", tree["state"], "--json");

        Assert.True(forget.ExitCode == 0, forget.ToString());
        using var forgotten = forget.Json();
        Assert.Equal(1, forgotten.RootElement.GetProperty("entriesChanged").GetInt32());
        using var json = status.Json();
        var plugins = json.RootElement.GetProperty("plugins").EnumerateArray().ToList();
        Assert.Equal(["ae_pre_app_run"], plugins.Select(p => p.GetProperty("name").GetString()));
        Assert.True(plugins[0].GetProperty("successRecorded").GetBoolean());
    }

    [Fact]
    public void ForgetPlugin_UnknownName_Exit2()
    {
        using var tree = TempTree.Create().Folder("dist");

        var result = CliRunner.Run(tree, "forget-plugin", "evil", "--root", tree["dist"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a plugin name", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_StateDirectoryIsASymlink_Exit1WithReason()
    {
        using var tree = TempTree.Create().Folder("dist").Folder("real").Link("state", "real");

        var result = CliRunner.Run(tree, "status", "--root", tree["dist"], "--state-dir", tree["state"], "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = result.Json();
        Assert.Contains("symbolic link", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void StatusAndForget_AsChildProcess_JsonOnStdout()
    {
        using var tree = TempTree.Create().Folder("dist").File("state/plugins.jsonl", Quarantined);

        var forget = CliRunner.RunProcess(tree, null, "forget-plugin", "ae_pre_app_run", "--success", "--root", tree["dist"], "--state-dir", tree["state"]);
        var status = CliRunner.RunProcess(tree, null, "status", "--root", tree["dist"], "--state-dir", tree["state"], "--json");

        Assert.True(forget.ExitCode == 0, forget.ToString());
        Assert.Contains("Forgot the success record of ae_pre_app_run", forget.Stdout, StringComparison.Ordinal);
        using var json = status.Json();
        Assert.Equal(["ae_updater"], json.RootElement.GetProperty("plugins").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }
}
