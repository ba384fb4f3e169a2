using System.Diagnostics;
using System.Text;
using AeUpdater.Journaling;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Journaling;

/// <summary>Crafted, torn, over-long, non-UTF-8, unreadable and special journal and ledger files: skipped with a reason, never a throw or a hang.</summary>
public sealed class MalformedStateTests
{
    private const string Run = "{\"type\":\"run\",\"id\":\"r1\",\"started\":\"2026-11-24T01:00:00.0000000+00:00\",\"root\":\"/r\",\"pid\":1,\"operations\":2}";
    private const string Intent0 = "{\"type\":\"intent\",\"i\":0,\"kind\":\"copy\",\"overwrite\":false,\"source\":\"/r/ae_updater_copies/a\",\"destination\":\"/u/a\"}";

    [Fact]
    public void Load_FieldsOfWrongJsonType_RecordsSkippedWithReasonNoThrow()
    {
        using var tree = TempTree.Create();
        tree.File(FileJournal.JournalFileName, string.Join('\n',
            Run,
            Intent0,
            "{\"type\":\"intent\",\"i\":\"1\",\"kind\":\"move\",\"overwrite\":false,\"source\":\"/r/ae_updater_moves/b\",\"destination\":\"/u/b\"}",
            "{\"type\":\"intent\",\"i\":2,\"kind\":\"move\",\"overwrite\":\"yes\",\"source\":\"/r/ae_updater_moves/c\",\"destination\":\"/u/c\"}",
            "{\"type\":\"done\",\"i\":[0]}",
            "{\"type\":\"done\",\"i\":0}",
            "{\"type\":\"copied\",\"i\":\"0\",\"dev\":1,\"ino\":2}",
            "{\"type\":\"copied\",\"i\":0,\"dev\":\"1\",\"ino\":-2}",
            "{\"type\":7}",
            "[1,2]") + "\n");
        tree.File(FileJournal.PluginsFileName, string.Join('\n',
            "{\"type\":\"plugin-summary\",\"name\":\"ae_updater\",\"hash\":\"h1\",\"succeeded\":true,\"failures\":\"3\"}",
            "{\"type\":\"plugin-end\",\"name\":\"ae_updater\",\"hash\":\"h2\",\"end\":\"Failed\",\"error\":{\"x\":1}}",
            "{\"type\":\"plugin-start\",\"name\":42,\"hash\":\"h3\"}",
            "{\"type\":\"plugin-end\",\"name\":\"ae_updater\",\"hash\":\"h4\",\"end\":\"7\"}",
            "{\"type\":\"plugin-summary\",\"name\":\"ae_updater\",\"hash\":\"h5\",\"succeeded\":false,\"failures\":-1}",
            "{\"type\":\"plugin-summary\",\"name\":\"ae_pre_app_run\",\"hash\":\"ok\",\"succeeded\":false,\"failures\":2}") + "\n");
        var logger = new ListLogger();

        var state = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System, logger: logger).Load();

        Assert.Equal([new OperationIntent(0, false, false, "/r/ae_updater_copies/a", "/u/a")], state.LastRun!.Intents);
        Assert.Equal(1, state.LastRun.DoneCount);
        Assert.Empty(state.LastRun.Copies!);
        Assert.Equal(["ok"], state.Plugins.Keys);
        Assert.Equal(2, state.Plugins["ok"].ConsecutiveFailures);
        Assert.Contains(state.Problems, p => p.Contains("line 3", StringComparison.Ordinal));
        Assert.NotEmpty(logger.Entries);
    }

    [Fact]
    public void CheckAll_JournalAndLedgerWithWrongTypes_RunsAndAppliesTheFiles()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "a");
        var state = box.Tree.PathOf("state");
        box.Tree.File("state/" + FileJournal.JournalFileName, Run + "\n{\"type\":\"done\",\"i\":\"0\"}\n");
        box.Tree.File("state/" + FileJournal.PluginsFileName, "{\"type\":\"plugin-summary\",\"name\":\"ae_updater\",\"hash\":\"h\",\"succeeded\":1,\"failures\":true}\n");

        var report = AppEnvUpdater.CheckAll(box.Options(o => o.StateDirectory = state));

        Assert.Null(report.NotRunReason);
        Assert.Equal([box.UsrPath("a.txt")], report.Processed);
    }

    [Fact]
    public void PluginStarted_AfterATornLastRecord_NewRecordNotLostWithIt()
    {
        using var tree = TempTree.Create();
        tree.File(FileJournal.PluginsFileName, "{\"type\":\"plugin-start\",\"name\":\"ae_updater\",\"hash\":\"h1\",\"time\":\"2026-11-24T08:00:01.1000000+00:00\"}\n{\"type\":\"plugin-end\",\"na");
        using (var journal = new FileJournal(tree.Root, Durability.Full, TimeProvider.System))
        {
            journal.PluginStarted("ae_updater", "h1");
        }

        var entry = new FileJournal(tree.Root, Durability.Full, TimeProvider.System).Load().Plugins["h1"];

        Assert.Equal((2, true), (entry.ConsecutiveFailures, entry.Interrupted)); // two starts, no end: the second start is not lost
    }

    [Fact]
    public void Load_OverLongLine_SkippedAndTheNextRecordRead()
    {
        using var tree = TempTree.Create();
        var huge = "{\"type\":\"plugin-summary\",\"name\":\"ae_updater\",\"hash\":\"big\",\"succeeded\":true,\"failures\":0,\"error\":\"" + new string('x', StateFileReader.MaxLineBytes) + "\"}";
        tree.File(FileJournal.PluginsFileName, huge + "\n{\"type\":\"plugin-summary\",\"name\":\"ae_updater\",\"hash\":\"small\",\"succeeded\":true,\"failures\":0}\n");

        var state = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System).Load();

        Assert.Equal(["small"], state.Plugins.Keys);
        Assert.Contains(state.Problems, p => p.Contains("longer than", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_InvalidUtf8InAPath_IntentSkippedNotReadAsAnotherPath()
    {
        using var tree = TempTree.Create();
        var bad = Encoding.UTF8.GetBytes("{\"type\":\"intent\",\"i\":1,\"kind\":\"move\",\"overwrite\":false,\"source\":\"/r/ae_updater_moves/")
            .Concat(new byte[] { 0xC3, 0x28, 0xFF })
            .Concat(Encoding.UTF8.GetBytes("\",\"destination\":\"/u/b\"}\n"));
        tree.File(FileJournal.JournalFileName, [.. Encoding.UTF8.GetBytes(Run + "\n" + Intent0 + "\n"), .. bad]);

        var state = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System).Load();

        Assert.Equal([0], state.LastRun!.Intents.Select(i => i.Index));
        Assert.Contains(state.Problems, p => p.Contains("line 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_RelativeOrUnnormalisedIntentPaths_Skipped()
    {
        using var tree = TempTree.Create();
        tree.File(FileJournal.JournalFileName, string.Join('\n',
            Run,
            "{\"type\":\"intent\",\"i\":0,\"kind\":\"move\",\"overwrite\":false,\"source\":\"../etc/passwd\",\"destination\":\"/u/a\"}",
            "{\"type\":\"intent\",\"i\":1,\"kind\":\"move\",\"overwrite\":false,\"source\":\"/r/ae_updater_moves/../../etc/x\",\"destination\":\"/u/x\"}",
            "{\"type\":\"intent\",\"i\":2,\"kind\":\"delete\",\"overwrite\":false,\"source\":\"/r/a\",\"destination\":\"/u/a\"}",
            "{\"type\":\"run\",\"id\":\"second\",\"root\":\"/\"}") + "\n");

        var state = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System).Load();

        Assert.Equal("r1", state.LastRun!.Id);
        Assert.Empty(state.LastRun.Intents);
        Assert.Equal(4, state.Problems.Count);
    }

    [Theory]
    [InlineData("\"from\":\"/r/ae_updater_moves\",\"to\":\"/u\",\"names\":[\"a\",\"../../etc/passwd\"]", "not a single file name")]
    [InlineData("\"from\":\"/r/ae_updater_moves\",\"to\":\"/u\",\"names\":[\"a\",\"..\"]", "not a single file name")]
    [InlineData("\"from\":\"/r/ae_updater_moves\",\"to\":\"/u\",\"names\":[\"a\",\"\"]", "not a single file name")]
    [InlineData("\"from\":\"/r/ae_updater_moves\",\"to\":\"/u\",\"names\":[\"a\",\"b\\u0000c\"]", "not a single file name")]
    [InlineData("\"from\":\"/r/ae_updater_moves\",\"to\":\"/u\",\"names\":[\"a\",7]", "not a single file name")]
    [InlineData("\"from\":\"../r\",\"to\":\"/u\",\"names\":[\"a\"]", "folders are not absolute and normalised")]
    [InlineData("\"from\":\"/r/ae_updater_moves\",\"to\":\"/u/x/..\",\"names\":[\"a\"]", "folders are not absolute and normalised")]
    [InlineData("\"from\":\"/r/ae_updater_moves\",\"to\":\"/u\",\"names\":[]", "non-empty array 'names'")]
    [InlineData("\"from\":\"/r/ae_updater_moves\",\"to\":\"/u\",\"names\":\"a\"", "non-empty array 'names'")]
    [InlineData("\"to\":\"/u\",\"names\":[\"a\"]", "string folders 'from' and 'to'")]
    public void Load_CraftedIntentsRecord_SkippedWholeWithItsReason(string fields, string reason)
    {
        // An 'intents' record names many files through two folders; a crafted one must not reach outside them, and is
        // taken whole or not at all (the good names before a bad one are not kept either).
        using var tree = TempTree.Create();
        tree.File(FileJournal.JournalFileName, string.Join('\n',
            Run,
            Intent0,
            "{\"type\":\"intents\",\"i\":1,\"kind\":\"move\",\"overwrite\":false," + fields + "}") + "\n");

        var state = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System).Load();

        Assert.Equal([0], state.LastRun!.Intents.Select(i => i.Index));
        Assert.Contains(state.Problems, p => p.Contains("line 3", StringComparison.Ordinal) && p.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_IntentsRecordPastTheLargestIndex_Skipped()
    {
        using var tree = TempTree.Create();
        tree.File(FileJournal.JournalFileName, string.Join('\n',
            Run,
            "{\"type\":\"intents\",\"i\":2147483647,\"kind\":\"copy\",\"overwrite\":false,\"from\":\"/r/ae_updater_copies\",\"to\":\"/u\",\"names\":[\"a\",\"b\"]}") + "\n");

        var state = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System).Load();

        Assert.Empty(state.LastRun!.Intents);
        Assert.Contains(state.Problems, p => p.Contains("past the largest index", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_JournalAndLedgerAreFifos_NeverOpenedForBlockingReadsLoadReturns()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create();
        MkFifo(tree.PathOf(FileJournal.JournalFileName));
        MkFifo(tree.PathOf(FileJournal.PluginsFileName));

        var state = await Within(() => new FileJournal(tree.Root, Durability.Fast, TimeProvider.System, readOnly: true).Load(detailsOfEndedRun: false), "Load blocked on a FIFO");

        Assert.Null(state.LastRun);
        Assert.NotNull(state.LedgerUnreadable);
        Assert.Equal(2, state.Problems.Count(p => p.Contains("not a regular file", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CheckAll_LedgerIsAFifo_NotRunAtOnceWithReasonNoHang()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "a");
        var state = box.Tree.PathOf("state");
        Directory.CreateDirectory(state);
        MkFifo(Path.Join(state, FileJournal.PluginsFileName));

        var report = await Within(() => AppEnvUpdater.CheckAll(box.Options(o => o.StateDirectory = state)), "CheckAll blocked on a FIFO ledger");

        Assert.Contains("FIFO", report.NotRunReason, StringComparison.Ordinal);
        Assert.False(File.Exists(box.UsrPath("a.txt")));
    }

    [Fact]
    public void Load_JournalIsASymlinkToACraftedRun_NotFollowed()
    {
        using var tree = TempTree.Create();
        tree.File("elsewhere/crafted.jsonl", Run + "\n" + Intent0 + "\n");
        tree.Folder("state").Link("state/" + FileJournal.JournalFileName, tree.PathOf("elsewhere/crafted.jsonl"));

        var state = new FileJournal(tree.PathOf("state"), Durability.Fast, TimeProvider.System, readOnly: true).Load();

        Assert.Null(state.LastRun);
        Assert.Contains(state.Problems, p => p.Contains("symbolic link", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_HugeSparseLedger_ReadsOnlyTheBoundQuickly()
    {
        using var tree = TempTree.Create();
        using (var stream = new FileStream(tree.PathOf(FileJournal.PluginsFileName), FileMode.CreateNew))
        {
            stream.Write("{\"type\":\"plugin-summary\",\"name\":\"ae_updater\",\"hash\":\"first\",\"succeeded\":true,\"failures\":0}\n"u8);
            stream.SetLength(4L << 30); // 4 GiB of zeros: one endless line
        }

        var clock = Stopwatch.StartNew();
        var state = await Within(() => new FileJournal(tree.Root, Durability.Fast, TimeProvider.System).Load(), "Load did not bound what it reads");

        Assert.Equal(["first"], state.Plugins.Keys);
        Assert.True(state.LedgerTruncated);
        Assert.Contains(state.Problems, p => p.Contains("only the first", StringComparison.Ordinal));
        Assert.Equal(4L << 30, new FileInfo(tree.PathOf(FileJournal.PluginsFileName)).Length);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [OtherUserFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void CheckAll_LedgerUnreadableForTheAppUser_NotRunWithReasonNoCrash()
    {
        using var box = new Sandbox();
        box.Source("ae_updater_copies/a.txt", "a");
        var state = box.Tree.PathOf("home/.config/CrashApp/.aeupdater");
        box.Tree.File("home/.config/CrashApp/.aeupdater/" + FileJournal.PluginsFileName, "{\"type\":\"plugin-summary\",\"name\":\"ae_updater\",\"hash\":\"h\",\"succeeded\":true,\"failures\":0}\n");
        File.SetUnixFileMode(Path.Join(state, FileJournal.PluginsFileName), UnixFileMode.UserRead | UnixFileMode.UserWrite); // root's, 600
        AsOtherUser.GiveTree(box.Tree.Root, except: Path.Join(state, FileJournal.PluginsFileName));
        var before = TreeSnapshot.Take(box.Tree.Root);

        var (exit, result, stderr) = AsOtherUser.RunCrashHost(box.Root, box.Tree.PathOf("home"));

        Assert.True(result is not null, $"exit {exit}: {stderr}");
        Assert.Contains("plugin ledger", result.NotRunReason, StringComparison.Ordinal);
        Assert.Contains("Permission denied", result.NotRunReason, StringComparison.Ordinal);
        Assert.Equal(before, TreeSnapshot.Take(box.Tree.Root));
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool and fails the test if it takes more than 30 s (a blocked thread is left behind).</summary>
    private static async Task<T> Within<T>(Func<T> work, string failure)
    {
        try
        {
            return await Task.Run(work).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Assert.Fail(failure);
            throw;
        }
    }

    internal static void MkFifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]))!;
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)) && process.ExitCode == 0);
    }
}
