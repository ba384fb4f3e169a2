using AeUpdater.Operations;
using AeUpdater.Planning;
using AeUpdater.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AeUpdater.Tests.Planning;

/// <summary>
/// A planned operation keeps the rule and the relative path and joins its paths on first use: the paths it gives, and the
/// reports of a real run, are the exact strings the planner used to make (the root and the destination as written, the
/// real paths through links), for plain, placeholder and normalised relative paths.
/// </summary>
public sealed class PlannedOperationTests
{
    [Fact]
    public void RealTreeThroughLinks_PlanAndReportsCarryTheExactPaths_FilesLandAtTheRealDestination()
    {
        using var sandbox = new Sandbox();
        var tree = sandbox.Tree;
        // The root is reached through a link, and {usr} (home/.config) is a link to another folder.
        tree.Folder("real-root").Folder("home/real-config");
        tree.Link("root-link", tree.PathOf("real-root"));
        tree.Link("home/.config", tree.PathOf("home/real-config"));
        var root = tree.PathOf("root-link");
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // relative path in the drop-in folder -> relative path below {usr}
            ["ae_updater_moves/a.txt"] = "a.txt",
            ["ae_updater_moves/sub/deeper/b c.txt"] = "sub/deeper/b c.txt",
            ["ae_updater_copies/{deep}/d.txt"] = "x/y/d.txt",
            ["ae_updater_copies/{odd}/e.txt"] = "k/e.txt",
        };
        foreach (var (relative, _) in files)
        {
            tree.File("real-root/" + relative, relative);
        }

        var options = new UpdaterOptions { Root = root, Environment = sandbox.Environment, StateDirectory = tree.PathOf("state") };
        options.Placeholders["deep"] = "x/y";
        options.Placeholders["odd"] = "k/./m/..";

        // The plan: every path as the planner made it before (Path.Join / GetFullPath of the paths as written).
        var context = RunContext.Create(options, NullLogger.Instance, CancellationToken.None);
        var plan = UpdateEngine.PlanDropIns(context, UpdateEngine.AllKinds);
        Assert.Equal(files.Count, plan.Operations.Count);
        foreach (var op in plan.Operations)
        {
            var relative = Path.GetFileName(op.Rule.Folder) + "/" + op.RelativePath;
            Assert.Null(op.Error);
            Assert.Equal(Path.Join(root, relative), op.Source);
            Assert.Same(op.Source, op.Source);
            Assert.Equal(Path.Join(tree.PathOf("real-root"), relative), op.RealSource);
            Assert.Equal(Path.Join(sandbox.Usr, files[relative]), op.Destination);
            Assert.Same(op.Destination, op.Destination);
            Assert.Equal(Path.Join(tree.PathOf("home/real-config"), files[relative]), op.RealDestination);
            Assert.Same(op.RealDestination, op.RealDestination);
        }

        var report = AppEnvUpdater.CheckAll(options);

        Assert.False(report.HasFailures);
        Assert.Equal(files.Count, report.Operations.Count);
        foreach (var (relative, below) in files)
        {
            var operation = Assert.Single(report.Operations, o => o.Source == Path.Join(root, relative));
            Assert.Equal(Path.Join(sandbox.Usr, below), operation.Destination);
            Assert.Equal(Path.Join(root, relative[..relative.IndexOf('/', StringComparison.Ordinal)]), operation.Folder);
            Assert.Equal(relative.StartsWith("ae_updater_moves/", StringComparison.Ordinal) ? OperationOutcome.Moved : OperationOutcome.Copied, operation.Outcome);
            Assert.Equal(relative, tree.ReadText("home/real-config/" + below));
        }

        Assert.Equal(report.Operations.Select(o => o.Destination).Order(StringComparer.Ordinal), report.Processed.Order(StringComparer.Ordinal));
        Assert.False(tree.FileExists("real-root/ae_updater_moves/a.txt"));
    }

    [Fact]
    public void PlainPathWithoutResolution_RealDestinationIsTheDestinationString_OddPathKeepsItsNormalisedDestination()
    {
        var map = Placeholders.PlaceholderMap.Create(
            new Placeholders.PlaceholderEnvironment { HomeDirectory = "/h", Platform = Placeholders.PlatformIds.Linux, GetCurrentDirectory = () => "/r" },
            "App",
            new Dictionary<string, string> { ["up"] = "a/../b" });
        var plan = Planner.Create(
            new PlanRequest("/r", map, "/u", Placeholders.PlatformIds.Linux, UpdateEngine.AllKinds, []),
            [new RootEntry("ae_updater_copies", false)],
            _ => [new SourceEntry("f.txt", false), new SourceEntry("{up}/g.txt", false), new SourceEntry("gone", false, "the folder cannot be listed")]);

        var byPath = plan.Operations.ToDictionary(o => o.RelativePath);
        Assert.Equal("/r/ae_updater_copies/f.txt", byPath["f.txt"].Source);
        Assert.Equal("/u/f.txt", byPath["f.txt"].Destination);
        Assert.Same(byPath["f.txt"].Destination, byPath["f.txt"].RealDestination);
        Assert.Equal("/r/ae_updater_copies/{up}/g.txt", byPath["{up}/g.txt"].Source);
        Assert.Equal("/u/b/g.txt", byPath["{up}/g.txt"].Destination);
        Assert.Same(byPath["{up}/g.txt"].Destination, byPath["{up}/g.txt"].RealDestination);
        Assert.Equal("/u/gone", byPath["gone"].Destination);
        Assert.Null(byPath["gone"].RealDestination);
        Assert.NotNull(byPath["gone"].Error);
    }

    [Fact]
    public void IsSameOrUnderJoined_AgreesWithTheJoinedString()
    {
        string[] folders = ["/a", "/a/", "/a/b"];
        string[] relatives = ["b", "b/c", "bc", "x", new string('n', 600)];
        string[] directories = ["/a/b", "/a/b/", "/a", "/a/bc", "/z"];
        foreach (var folder in folders)
        {
            foreach (var relative in relatives)
            {
                foreach (var directory in directories)
                {
                    Assert.Equal(Planner.IsSameOrUnder(Path.Join(folder, relative), directory), Planner.IsSameOrUnderJoined(folder, relative, directory));
                }
            }
        }
    }

    [Theory]
    [InlineData("/a/b", "/a", true)]
    [InlineData("/a/b/c", "/a/", true)]
    [InlineData("/a", "/a", false)]
    [InlineData("/ab", "/a", false)]
    [InlineData("/a", "/a/b", false)]
    [InlineData("/x/a/b", "/a", false)]
    [InlineData("/a/b", "/", true)]
    [InlineData("", "/a", false)]
    public void IsUnder_TheStringOverloadAgreesWithTheSpanOverload(string path, string directory, bool expected)
    {
        Assert.Equal(expected, Planner.IsUnder(path, directory));
        Assert.Equal(expected, Planner.IsUnder(path.AsSpan(), directory));
    }

    [Fact]
    public void RuleBlocks_PlannerOrder_BlocksInPlaceWithTheOrderAndGroupsOfGroupBy()
    {
        string[] folders = ["ae_updater_copies", "ae_updater_moves", "ae_updater_over_copies"];
        var plan = Planner.Create(
            new PlanRequest("/r", Placeholders.PlaceholderMap.Create(new Placeholders.PlaceholderEnvironment { HomeDirectory = "/h", Platform = Placeholders.PlatformIds.Linux }, "App"),
                "/u", Placeholders.PlatformIds.Linux, UpdateEngine.AllKinds, []),
            folders.Select(f => new RootEntry(f, false)),
            folder => Enumerable.Range(0, folder.EndsWith("moves", StringComparison.Ordinal) ? 5000 : 3).Select(i => new SourceEntry($"f{i:D5}", false)));

        var blocks = Executor.RuleBlocks(plan.Operations).ToList();

        AssertSameGrouping(plan.Operations, blocks);
        Assert.All(blocks, b => Assert.Same(plan.Operations, b.List));
        Assert.Equal(3, blocks.Count);
        Assert.Equal([0, blocks[0].Count, blocks[0].Count + blocks[1].Count], blocks.Select(b => b.Start));
        Assert.Contains(blocks, b => b.Count == 5000 && b.Rule.Kind == DropInKind.Moves);
    }

    [Fact]
    public void RuleBlocks_InterleavedRules_GroupedAsGroupByGroupsThem()
    {
        var plan = Planner.Create(
            new PlanRequest("/r", Placeholders.PlaceholderMap.Create(new Placeholders.PlaceholderEnvironment { HomeDirectory = "/h", Platform = Placeholders.PlatformIds.Linux }, "App"),
                "/u", Placeholders.PlatformIds.Linux, UpdateEngine.AllKinds, []),
            [new RootEntry("ae_updater_copies", false), new RootEntry("ae_updater_moves", false)],
            _ => [new SourceEntry("a", false), new SourceEntry("b", false)]);
        var ops = plan.Operations;
        PlannedOperation[] interleaved = [ops[0], ops[2], ops[1], ops[3], ops[0]];

        var blocks = Executor.RuleBlocks(interleaved).ToList();

        AssertSameGrouping(interleaved, blocks);
        Assert.Equal(2, blocks.Count);
    }

    [Fact]
    public void RuleBlocks_EmptyPlan_NoBlock() => Assert.Empty(Executor.RuleBlocks([]));

    private static void AssertSameGrouping(IReadOnlyList<PlannedOperation> operations, List<Executor.RuleBlock> blocks)
    {
        var expected = operations.GroupBy(o => o.Rule).ToList();
        Assert.Equal(expected.Count, blocks.Count);
        for (var g = 0; g < expected.Count; g++)
        {
            Assert.Same(expected[g].Key, blocks[g].Rule);
            var actual = Enumerable.Range(0, blocks[g].Count).Select(i => blocks[g][i]).ToList();
            Assert.Equal(expected[g].ToList(), actual, ReferenceEqualityComparer.Instance);
        }
    }
}
