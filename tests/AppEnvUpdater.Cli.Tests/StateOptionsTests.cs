using System.Text.Json;
using AeUpdater.Cli.Tests.Support;

namespace AeUpdater.Cli.Tests;

/// <summary>The crash-safety options of <c>check-all</c>: <c>--state-dir</c>, <c>--durability</c>, <c>--lock-timeout</c>, and their JSON fields.</summary>
public sealed class StateOptionsTests
{
    [Theory]
    [InlineData("Full")]
    [InlineData("Fast")]
    public void CheckAll_StateDirAndDurability_JournalWrittenThereAndReported(string durability)
    {
        using var tree = TempTree.Create().File("dist/ae_updater_moves/a.txt", "a");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"], "--state-dir", tree["state"], "--durability", durability, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(tree["state/journal.jsonl"]));
        Assert.True(File.Exists(tree["state/lock"]));
        using var json = result.Json();
        var root = json.RootElement;
        Assert.Equal(tree["state"], root.GetProperty("stateDirectory").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("recovery").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("notRunReason").ValueKind);
    }

    [Fact]
    public void CheckAll_LockHeldByAnotherProcess_Exit1WithReasonAndNothingChanged()
    {
        using var tree = TempTree.Create().File("dist/ae_updater_moves/a.txt", "a");
        Directory.CreateDirectory(tree["state"]);
        using var held = new FileStream(tree["state/lock"], FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"], "--state-dir", tree["state"], "--lock-timeout", "0.2", "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = result.Json();
        Assert.Contains("another process holds the state lock", json.RootElement.GetProperty("notRunReason").GetString(), StringComparison.Ordinal);
        Assert.True(tree.FileExists("dist/ae_updater_moves/a.txt"));
    }

    [Fact]
    public void CheckAll_UnfinishedJournal_RecoveryInJsonAndTempFileRemoved()
    {
        using var tree = TempTree.Create().File("dist/ae_updater_copies/a.txt", "a").File("usr/.a.txt.crashed-0.aeupd-tmp", "partial");
        var intent = JsonSerializer.Serialize(new { type = "intent", i = 0, kind = "copy", overwrite = false, source = tree["dist/ae_updater_copies/a.txt"], destination = tree["usr/a.txt"] });
        tree.File("state/journal.jsonl", "{\"type\":\"run\",\"id\":\"crashed\",\"started\":\"2026-11-24T01:00:00.0000000+00:00\",\"root\":\"r\",\"pid\":1,\"operations\":1}\n" + intent + "\n");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"], "--state-dir", tree["state"], "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = result.Json();
        var recovery = json.RootElement.GetProperty("recovery");
        Assert.Equal("crashed", recovery.GetProperty("runId").GetString());
        Assert.Equal(1, recovery.GetProperty("operationsIntended").GetInt32());
        Assert.Equal([tree["usr/.a.txt.crashed-0.aeupd-tmp"]], recovery.GetProperty("temporaryFilesRemoved").EnumerateArray().Select(e => e.GetString()));
        Assert.False(tree.FileExists("usr/.a.txt.crashed-0.aeupd-tmp"));
        Assert.Equal("a", tree.ReadText("usr/a.txt"));
    }

    [Fact]
    public void CheckAll_CraftedMoveOntoAHardLinkOfItsSource_SourceKeptAndListedAsSkipped()
    {
        using var tree = TempTree.Create().File("dist/ae_updater_moves/b.txt", "only copy").Folder("usr");
        using (var ln = System.Diagnostics.Process.Start("ln", [tree["dist/ae_updater_moves/b.txt"], tree["usr/b.txt"]]))
        {
            Assert.True(ln.WaitForExit(10_000) && ln.ExitCode == 0, "ln failed");
        }

        var intent = JsonSerializer.Serialize(new { type = "intent", i = 0, kind = "move", overwrite = false, source = tree["dist/ae_updater_moves/b.txt"], destination = tree["usr/b.txt"] });
        tree.File("state/journal.jsonl", "{\"type\":\"run\",\"id\":\"crafted\",\"started\":\"2026-11-24T01:00:00.0000000+00:00\",\"root\":\"r\",\"pid\":1,\"operations\":1}\n" + intent + "\n");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"], "--state-dir", tree["state"], "--json");

        using var json = result.Json();
        var skipped = json.RootElement.GetProperty("recovery").GetProperty("skipped").EnumerateArray().ToList();
        Assert.Equal(tree["dist/ae_updater_moves/b.txt"], Assert.Single(skipped).GetProperty("path").GetString());
        Assert.Contains("no record", skipped[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("only copy", tree.ReadText("dist/ae_updater_moves/b.txt"));
    }

    [Theory]
    [InlineData("--durability", "Slow")]
    [InlineData("--lock-timeout", "-1")]
    [InlineData("--lock-timeout", "soon")]
    public void CheckAll_BadStateOption_Exit2(string option, string value)
    {
        using var tree = TempTree.Create().Folder("dist");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.NotEmpty(result.Stderr);
    }
}
