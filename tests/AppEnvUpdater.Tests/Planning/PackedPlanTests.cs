using AeUpdater.Collections;
using AeUpdater.Placeholders;
using AeUpdater.Planning;
using AeUpdater.Rules;
using AeUpdater.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AeUpdater.Tests.Planning;

/// <summary>
/// The plan keeps its operations packed (<see cref="OperationList"/>) and plans a folder's entries as they are listed: the
/// plan of a real tree is, path by path and in order, the plan the planner made before; the packed list gives back what was
/// put in, across its chunks.
/// </summary>
public sealed class PackedPlanTests
{
    [Fact]
    public void RealTree_PlainPlaceholderAndRefusedEntries_ThePlanIsExactlyTheOldOne()
    {
        using var sandbox = new Sandbox();
        var tree = sandbox.Tree;
        foreach (var relative in (string[])[
            "ae_updater_moves/a.txt", "ae_updater_moves/sub/b.txt", "ae_updater_moves/sub/z/y.txt", "ae_updater_moves/{deep}/c.txt",
            "ae_updater_moves/{odd}/e.txt", "ae_updater_moves/{nope}/f.txt", "ae_updater_moves/{up}/g.txt", "ae_updater_moves/.hidden",
            "ae_updater_copies/state/lock", "ae_updater_copies/m.txt", "ae_updater_copies/sub-x/n.txt", "ae_updater_copies/sub/o.txt"])
        {
            tree.File("root/" + relative, relative);
        }

        tree.Link("root/ae_updater_copies/link.txt", tree.PathOf("root/ae_updater_copies/m.txt"));
        tree.Folder("elsewhere").Link("root/ae_updater_copies/linked-folder", tree.PathOf("elsewhere"));
        var state = Path.Join(sandbox.Usr, "state");
        var options = sandbox.Options(o =>
        {
            o.StateDirectory = state;
            o.Placeholders["deep"] = "x/y";
            o.Placeholders["odd"] = "k/./m/..";
            o.Placeholders["up"] = "..";
        });

        var context = RunContext.Create(options, NullLogger.Instance, CancellationToken.None);
        var plan = UpdateEngine.PlanDropIns(context, UpdateEngine.AllKinds);

        string Copies(string relative) => Path.Join(sandbox.Root, "ae_updater_copies", relative);
        string Moves(string relative) => Path.Join(sandbox.Root, "ae_updater_moves", relative);
        string Usr(string relative) => Path.Join(sandbox.Usr, relative);
        // What the planner gave before the plan was packed (checked on main's code): rules in upstream order, each folder's
        // files in the ordinal order of their relative paths; source, destination, real destination, link flag, error.
        (string Source, string RelativePath, string Destination, string? RealDestination, bool IsLink, string? Error)[] expected =
        [
            (Copies("link.txt"), "link.txt", Usr("link.txt"), Usr("link.txt"), false, null),
            (Copies("linked-folder"), "linked-folder", Usr("linked-folder"), Usr("linked-folder"), true, null),
            (Copies("m.txt"), "m.txt", Usr("m.txt"), Usr("m.txt"), false, null),
            (Copies("state/lock"), "state/lock", Usr("state/lock"), null, false, "the destination is inside the state directory"),
            (Copies("sub-x/n.txt"), "sub-x/n.txt", Usr("sub-x/n.txt"), Usr("sub-x/n.txt"), false, null),
            (Copies("sub/o.txt"), "sub/o.txt", Usr("sub/o.txt"), Usr("sub/o.txt"), false, null),
            (Moves("a.txt"), "a.txt", Usr("a.txt"), Usr("a.txt"), false, null),
            (Moves("sub/b.txt"), "sub/b.txt", Usr("sub/b.txt"), Usr("sub/b.txt"), false, null),
            (Moves("sub/z/y.txt"), "sub/z/y.txt", Usr("sub/z/y.txt"), Usr("sub/z/y.txt"), false, null),
            (Moves("{deep}/c.txt"), "{deep}/c.txt", Usr("x/y/c.txt"), Usr("x/y/c.txt"), false, null),
            (Moves("{nope}/f.txt"), "{nope}/f.txt", Usr("{nope}/f.txt"), null, false, "the file's path cannot be expanded"),
            (Moves("{odd}/e.txt"), "{odd}/e.txt", Usr("k/e.txt"), Usr("k/e.txt"), false, null),
            (Moves("{up}/g.txt"), "{up}/g.txt", Path.Join(Path.GetDirectoryName(sandbox.Usr), "g.txt"), null, false, "the file's path '../g.txt' leaves the destination"),
        ];

        Assert.Equal(expected.Length, plan.Operations.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var op = plan.Operations[i];
            var want = expected[i];
            Assert.Equal(want.Source, op.Source);
            Assert.Equal(want.RelativePath, op.RelativePath);
            Assert.Equal(want.Destination, op.Destination);
            Assert.Equal(want.RealDestination, op.RealDestination);
            Assert.Equal(want.IsLink, op.SourceIsLink);
            if (want.Error is null)
            {
                Assert.Null(op.Error);
            }
            else
            {
                Assert.StartsWith(want.Error, op.Error, StringComparison.Ordinal);
            }

            Assert.Same(op, plan.Operations[i]);
        }

        Assert.Equal(plan.Operations.Select(o => o.Source), plan.Operations.ToList().Select(o => o.Source));
    }

    [Fact]
    public void Planner_EntriesOutOfOrderAfterPackedAndRefusedOnes_PlannedAsIfSortedFirst()
    {
        var map = PlaceholderMap.Create(
            new PlaceholderEnvironment { HomeDirectory = "/h", Platform = PlatformIds.Linux, GetCurrentDirectory = () => "/r" }, "App");
        SourceEntry[] listed =
        [
            new("b/1.txt", false), new("c", false, "the folder '/r/ae_updater_moves/c' cannot be listed"), new("d/{nope}", false),
            new("d/e", true), new("a/9.txt", false), new("e", false), new("0", false, "closed"), new("f", false),
        ];
        var plan = Planner.Create(
            new PlanRequest("/r", map, "{usr}", PlatformIds.Linux, UpdateEngine.AllKinds, []),
            [new RootEntry("ae_updater_moves", false), new RootEntry("ae_updater_copies", false)],
            folder => folder.EndsWith("copies", StringComparison.Ordinal) ? [new SourceEntry("z", false), new SourceEntry("y", false)] : listed);

        Assert.Equal(
            ["/r/ae_updater_copies/y", "/r/ae_updater_copies/z", "/r/ae_updater_moves/0", "/r/ae_updater_moves/a/9.txt", "/r/ae_updater_moves/b/1.txt",
                "/r/ae_updater_moves/c", "/r/ae_updater_moves/d/e", "/r/ae_updater_moves/d/{nope}", "/r/ae_updater_moves/e", "/r/ae_updater_moves/f"],
            plan.Operations.Select(o => o.Source));
        Assert.Equal(["closed", null, null, "the folder '/r/ae_updater_moves/c' cannot be listed", null], plan.Operations.Skip(2).Take(5).Select(o => o.Error));
        Assert.StartsWith("the file's path cannot be expanded", plan.Operations[7].Error, StringComparison.Ordinal);
        Assert.Equal([false, false, false, false, false, false, true, false, false, false], plan.Operations.Select(o => o.SourceIsLink));
        Assert.Equal("/h/.config/d/e", plan.Operations[6].Destination);
    }

    [Fact]
    public void OperationList_ManyOperationsAcrossChunks_GivesBackWhatWasAddedOnceEach()
    {
        var first = Rule("ae_updater_copies", "/dest/one", resolved: false);
        var second = Rule("ae_updater_moves", "/dest/two", resolved: true);
        var list = new OperationList();
        var expected = new List<(DropInRule Rule, string Relative, string Destination, bool IsLink, string? Error)>();
        var random = new Random(14);
        for (var i = 0; i < 40_000; i++)
        {
            var rule = i < 25_000 ? first : second;
            // Mostly short paths, some long ones (so that chunk ends are reached at odd places), some with their own destination.
            var relative = $"d{i / 100:D4}/" + new string((char)('a' + (i % 26)), random.Next(1, i % 97 == 0 ? 3_000 : 40)) + $"-{i}.txt";
            if (i % 1_000 == 7)
            {
                var op = new PlannedOperation(rule, relative, Path.Join(rule.Destination, relative), false, $"refused {i}");
                list.Add(op);
                expected.Add((rule, relative, op.Destination, false, op.Error));
            }
            else
            {
                var destination = i % 10 == 3 ? "placed/" + relative : relative;
                Assert.True(list.AddPlain(rule, relative, destination, i % 5 == 0, rule.Target is not null));
                expected.Add((rule, relative, Path.Join(rule.Destination, destination), i % 5 == 0, null));
            }
        }

        Assert.Equal(40, list.PrebuiltCount);
        Assert.True(list.CharChunks.Count > 10);
        Assert.All(list.CharChunks, c => Assert.True(c.Length * sizeof(char) <= ChunkedList<int>.MaxChunkBytes));
        Assert.True(OperationList.PackedChunkBytes < 85_000);
        Assert.Equal(expected.Count, list.Count);
        var enumerated = list.ToList();
        for (var i = 0; i < expected.Count; i++)
        {
            var (rule, relative, destination, isLink, error) = expected[i];
            var op = list[i];
            Assert.Same(op, enumerated[i]);
            Assert.Same(rule, op.Rule);
            Assert.Equal(relative, op.RelativePath);
            Assert.Equal(destination, op.Destination);
            Assert.Equal(rule.Target is null || error is not null ? null : destination, op.RealDestination);
            Assert.Equal(isLink, op.SourceIsLink);
            Assert.Equal(error, op.Error);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => list[list.Count]);
        Assert.Throws<InvalidOperationException>(() => list.RemoveFrom(0));
    }

    [Fact]
    public void OperationList_PathLongerThanAChunk_KeptAsTheObject_RemoveFromTakesOperationsBack()
    {
        var rule = Rule("ae_updater_copies", "/dest", resolved: false);
        var list = new OperationList();
        Assert.True(list.AddPlain(rule, "a", "a", false, false));
        var longPath = new string('x', OperationList.CharChunkLength + 1);
        Assert.False(list.AddPlain(rule, longPath, longPath, true, false));
        list.Add(new PlannedOperation(rule, "c", "/dest/c", false, "refused"));
        Assert.True(list.AddPlain(rule, "d", "e", false, false));
        Assert.Equal(2, list.PrebuiltCount);
        Assert.Equal(new SourceEntry("a", false), list.PackedEntry(0));
        Assert.Null(list.PackedEntry(1));
        Assert.Equal(new SourceEntry("d", false), list.PackedEntry(3));

        list.RemoveFrom(2);
        Assert.Equal(1, list.PrebuiltCount);
        Assert.True(list.AddPlain(rule, "f", "f", false, false));

        Assert.Equal(["a", longPath, "f"], list.Select(o => o.RelativePath));
        Assert.Equal(["/dest/a", "/dest/" + longPath, "/dest/f"], list.Select(o => o.Destination));
        Assert.True(list[1].SourceIsLink);
    }

    [Fact]
    public void OperationList_ReadFromTwoThreads_OneObjectPerOperation()
    {
        var rule = Rule("ae_updater_moves", "/dest", resolved: false);
        var list = new OperationList();
        for (var i = 0; i < 20_000; i++)
        {
            list.AddPlain(rule, $"f{i}", $"f{i}", false, false);
        }

        var seen = new PlannedOperation[2][];
        Parallel.For(0, 2, t =>
        {
            seen[t] = new PlannedOperation[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                seen[t][i] = list[t == 0 ? i : list.Count - 1 - i];
            }
        });

        for (var i = 0; i < list.Count; i++)
        {
            Assert.Same(seen[0][i], seen[1][list.Count - 1 - i]);
            Assert.Equal($"f{i}", seen[0][i].RelativePath);
        }
    }

    private static DropInRule Rule(string name, string destination, bool resolved) =>
        new($"/r/{name}", name, name.Contains("moves", StringComparison.Ordinal) ? DropInKind.Moves : DropInKind.Copies, destination, [], $"/r/{name}",
            resolved ? ResolvedPath.AsWritten(destination) : null);
}
