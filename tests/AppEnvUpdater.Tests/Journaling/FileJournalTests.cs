using System.Text.Json;
using AeUpdater.Journaling;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Journaling;

public sealed class FileJournalTests
{
    private static readonly OperationIntent[] Intents =
    [
        new(0, false, false, "/r/ae_updater_copies/a", "/u/a"),
        new(1, true, true, "/r/ae_updater_over_moves___ToPath__﹛app﹜/b é", "/u/b é"),
    ];

    [Theory]
    [InlineData(Durability.Full)]
    [InlineData(Durability.Fast)]
    public void Load_ClosedRun_IsEndedWithItsIntentsAndDoneRecords(Durability durability)
    {
        using var tree = TempTree.Create();
        using (var journal = new FileJournal(tree.Root, durability, TimeProvider.System))
        {
            journal.BeginRun("r1", "/r", Intents);
            journal.OperationDone(0, OperationOutcome.Copied);
            journal.OperationDone(1, OperationOutcome.Moved);
            journal.EndRun(2, 0);
        }

        var run = new FileJournal(tree.Root, durability, TimeProvider.System).Load().LastRun!;

        Assert.Equal(("r1", "/r", 2, 2, true), (run.Id, run.Root, run.Intents.Count, run.DoneCount, run.Ended));
        Assert.Equal(Intents, run.Intents);
    }

    [Fact]
    public void BeginRunAndOperationDone_WriteTheRecordsOfThePreviousVersion_ByteForByte()
    {
        // The done records are formatted by hand and the intents by one reused writer; the bytes must stay what the
        // previous version wrote (a JSON writer per record, the outcome's name in lower case), so that journals of either
        // version are read by both.
        using var tree = TempTree.Create();
        using (var journal = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System))
        {
            journal.BeginRun("r1", "/r", [.. Intents, new OperationIntent(2_000_000_000, true, false, "/r/ae_updater_moves/q\"uote\\", "/u/q\"uote\\")]);
            foreach (var outcome in Enum.GetValues<OperationOutcome>())
            {
                journal.OperationDone((int)outcome * 1000, outcome);
            }

            journal.OperationDone(int.MaxValue, OperationOutcome.Moved);
        }

        var lines = File.ReadAllLines(tree.PathOf(FileJournal.JournalFileName));
        string[] expected =
        [
            """{"type":"intent","i":0,"kind":"copy","overwrite":false,"source":"/r/ae_updater_copies/a","destination":"/u/a"}""",
            """{"type":"intent","i":1,"kind":"move","overwrite":true,"source":"/r/ae_updater_over_moves___ToPath__﹛app﹜/b é","destination":"/u/b é"}""",
            """{"type":"intent","i":2000000000,"kind":"move","overwrite":false,"source":"/r/ae_updater_moves/q\"uote\\","destination":"/u/q\"uote\\"}""",
            """{"type":"done","i":0,"outcome":"planned"}""",
            """{"type":"done","i":1000,"outcome":"copied"}""",
            """{"type":"done","i":2000,"outcome":"moved"}""",
            """{"type":"done","i":3000,"outcome":"skipped"}""",
            """{"type":"done","i":4000,"outcome":"failed"}""",
            """{"type":"done","i":2147483647,"outcome":"moved"}""",
        ];
        Assert.Equal(expected, lines.Skip(1));
        foreach (var outcome in Enum.GetValues<OperationOutcome>())
        {
            // The previous version's spelling, from the enum's name.
            Assert.Equal(outcome.ToString().ToLowerInvariant(), System.Text.Encoding.UTF8.GetString(FileJournal.OutcomeName(outcome)));
        }

        var run = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System).Load().LastRun!;
        Assert.Equal((3, 6), (run.Intents.Count, run.DoneCount)); // six distinct indices
    }

    [Fact]
    public void Load_WithoutDetailsOfEndedRun_EndedRunReadFromTailUnfinishedRunWhole()
    {
        using var tree = TempTree.Create();
        var many = Enumerable.Range(0, 2000).Select(i => new OperationIntent(i, true, false, $"/r/ae_updater_moves/f{i}", $"/u/f{i}")).ToList();
        using (var journal = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System))
        {
            journal.BeginRun("r1", "/r", many);
            journal.EndRun(2000, 0);
        }

        var ended = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System).Load(detailsOfEndedRun: false).LastRun!;
        File.WriteAllLines(tree.PathOf(FileJournal.JournalFileName), File.ReadAllLines(tree.PathOf(FileJournal.JournalFileName)).SkipLast(1));
        var unfinished = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System).Load(detailsOfEndedRun: false).LastRun!;
        File.AppendAllText(tree.PathOf(FileJournal.JournalFileName), "{\"type\":\"end\",\"ended\":\"2026");
        var torn = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System).Load(detailsOfEndedRun: false).LastRun!;

        Assert.True(ended.Ended);
        Assert.Empty(ended.Intents);
        Assert.False(unfinished.Ended);
        Assert.Equal(many, unfinished.Intents);
        Assert.False(torn.Ended);
        Assert.Equal(2000, torn.Intents.Count);
    }

    [Fact]
    public void BeginRun_FilesOfOneFolder_ShareIntentsRecordsAndReadBackAsTheSameIntents()
    {
        // 600 moves of one folder (names a JSON writer escapes among them), then what cannot share a record: a file in the
        // root, a destination with another name, another kind, an index that does not follow, another folder.
        var intents = new List<OperationIntent>();
        string[] odd = ["q\"uote\\", "b é", "tab\tname", "ü﹛app﹜"];
        for (var i = 0; i < 600; i++)
        {
            var name = i < odd.Length ? odd[i] : $"f{i:D4}.txt";
            intents.Add(new OperationIntent(i, true, false, $"/r/ae_updater_moves/sub/{name}", $"/u/sub/{name}"));
        }

        intents.Add(new OperationIntent(600, true, false, "/root-file", "/u/root-file"));
        intents.Add(new OperationIntent(601, true, false, "/r/ae_updater_moves/x", "/u/y"));
        intents.Add(new OperationIntent(602, false, false, "/r/ae_updater_moves/c1", "/u/c1"));
        intents.Add(new OperationIntent(603, true, false, "/r/ae_updater_moves/c2", "/u/c2"));
        intents.Add(new OperationIntent(605, true, false, "/r/ae_updater_moves/c3", "/u/c3"));
        intents.Add(new OperationIntent(606, true, true, "/r/ae_updater_moves/c4", "/u/c4"));
        intents.Add(new OperationIntent(607, true, true, "/r/ae_updater_moves/other/c5", "/u/other/c5"));
        intents.Add(new OperationIntent(608, true, true, "/r/ae_updater_moves/other/c6", "/u/other/c6"));
        using var tree = TempTree.Create();
        using (var journal = new FileJournal(tree.Root, Durability.Full, TimeProvider.System))
        {
            journal.BeginRun("r1", "/r", intents);
        }

        var lines = File.ReadAllLines(tree.PathOf(FileJournal.JournalFileName));
        var records = lines.Skip(1).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var run = new FileJournal(tree.Root, Durability.Full, TimeProvider.System).Load().LastRun!;

        Assert.Equal(intents, run.Intents);
        Assert.Equal(
            ["intents", "intents", "intents", "intent", "intent", "intent", "intent", "intent", "intent", "intents"],
            records.Select(r => r.GetProperty("type").GetString()));
        Assert.Equal([256, 256, 88], records.Take(3).Select(r => r.GetProperty("names").GetArrayLength()));
        Assert.Equal(("/r/ae_updater_moves/sub", "/u/sub", 512), (records[2].GetProperty("from").GetString(), records[2].GetProperty("to").GetString(), records[2].GetProperty("i").GetInt32()));
        Assert.Equal(odd, records[0].GetProperty("names").EnumerateArray().Take(odd.Length).Select(n => n.GetString()));
        Assert.True(new FileInfo(tree.PathOf(FileJournal.JournalFileName)).Length < 600 * 20, "a file of a shared record costs its name, not two paths");
    }

    [Fact]
    public void Load_RunWithoutEnd_IsUnfinished()
    {
        using var tree = TempTree.Create();
        var journal = new FileJournal(tree.Root, Durability.Full, TimeProvider.System);
        journal.BeginRun("r1", "/r", Intents);
        journal.OperationDone(0, OperationOutcome.Copied);
        journal.Dispose();

        var state = new FileJournal(tree.Root, Durability.Full, TimeProvider.System).Load();

        Assert.True(state.HasUnfinishedRun);
        Assert.Equal(1, state.LastRun!.DoneCount);
    }

    [Fact]
    public void Load_TornLastRecord_IsIgnored()
    {
        using var tree = TempTree.Create();
        using (var journal = new FileJournal(tree.Root, Durability.Full, TimeProvider.System))
        {
            journal.BeginRun("r1", "/r", Intents);
        }

        File.AppendAllText(tree.PathOf(FileJournal.JournalFileName), "{\"type\":\"end\",\"ended\":\"2026-");
        File.AppendAllText(tree.PathOf(FileJournal.PluginsFileName), "{\"type\":\"plugin-start\",\"name\":\"ae_upd");

        var state = new FileJournal(tree.Root, Durability.Full, TimeProvider.System).Load();

        Assert.True(state.HasUnfinishedRun);
        Assert.Empty(state.Plugins);
    }

    [Fact]
    public void Journal_IsReadableJsonLines_WithTimeFromTheTimeProvider()
    {
        using var tree = TempTree.Create();
        var time = new FixedTime(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
        using (var journal = new FileJournal(tree.Root, Durability.Full, time))
        {
            journal.BeginRun("r1", "/r", Intents);
            journal.EndRun(2, 0);
        }

        var lines = File.ReadAllLines(tree.PathOf(FileJournal.JournalFileName));

        Assert.Equal(["run", "intent", "intent", "end"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()));
        Assert.Contains("\"started\":\"2026-11-24T08:00:00.0000000+00:00\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"move\",\"overwrite\":true", lines[2], StringComparison.Ordinal);
        Assert.Contains("ae_updater_over_moves___ToPath__﹛app﹜/b é", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Ledger_FoldsStartsEndsAndInterruptions()
    {
        using var tree = TempTree.Create();
        using (var journal = new FileJournal(tree.Root, Durability.Full, TimeProvider.System))
        {
            journal.PluginStarted("ae_updater", "h1");
            journal.PluginEnded("ae_updater", "h1", PluginEnd.Failed, "boom");
            journal.PluginStarted("ae_updater", "h1"); // never ended: the process died
            journal.PluginStarted("ae_updater", "h1"); // and again
            journal.PluginStarted("ae_pre_app_run", "h2");
            journal.PluginEnded("ae_pre_app_run", "h2", PluginEnd.ReturnedFalse, null);
            journal.PluginStarted("ae_updater", "h3");
            journal.PluginEnded("ae_updater", "h3", PluginEnd.Succeeded, null);
        }

        var plugins = new FileJournal(tree.Root, Durability.Full, TimeProvider.System).Load().Plugins;

        Assert.Equal((false, 3, true), (plugins["h1"].Succeeded, plugins["h1"].ConsecutiveFailures, plugins["h1"].Interrupted));
        Assert.Equal((false, 0, false), (plugins["h2"].Succeeded, plugins["h2"].ConsecutiveFailures, plugins["h2"].Interrupted));
        Assert.Equal((true, 0), (plugins["h3"].Succeeded, plugins["h3"].ConsecutiveFailures));
    }

    [Fact]
    public void Ledger_GrowsPastLimit_CompactedWithoutLosingState()
    {
        using var tree = TempTree.Create();
        using (var journal = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System))
        {
            for (var i = 0; i < FileJournal.CompactAfterRecords; i++)
            {
                journal.PluginStarted("ae_pre_app_run", "every");
                journal.PluginEnded("ae_pre_app_run", "every", PluginEnd.Succeeded, null);
            }

            journal.PluginStarted("ae_updater", "bad");
            journal.PluginEnded("ae_updater", "bad", PluginEnd.Failed, "boom");
        }

        var before = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System).Load().Plugins;
        var after = new FileJournal(tree.Root, Durability.Fast, TimeProvider.System).Load().Plugins;

        Assert.Equal(2, File.ReadAllLines(tree.PathOf(FileJournal.PluginsFileName)).Length);
        Assert.Equal(before["bad"], after["bad"]);
        Assert.Equal(before["every"], after["every"]);
        Assert.Equal(1, after["bad"].ConsecutiveFailures);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
