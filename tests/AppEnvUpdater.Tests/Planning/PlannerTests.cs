using AeUpdater.Placeholders;
using AeUpdater.Planning;

namespace AeUpdater.Tests.Planning;

/// <summary>The planner is pure: these tests feed it names and file lists as strings, no disk.</summary>
public sealed class PlannerTests
{
    private static readonly PlaceholderMap Map = PlaceholderMap.Create(
        new PlaceholderEnvironment { HomeDirectory = "/h", Platform = PlatformIds.Linux, GetCurrentDirectory = () => "/r" },
        "App");

    private static Plan Create(string[] folders, Func<string, IEnumerable<SourceEntry>> files, string platform = PlatformIds.Linux, string[]? exclude = null, string destination = "{usr}") =>
        Planner.Create(
            new PlanRequest("/r", Map, destination, platform, UpdateEngine.AllKinds, exclude ?? []),
            folders.Select(f => new RootEntry(f, false)),
            files);

    private static readonly string[] AliasFolders =
        ["ae_updater_copies___ToPath__﹛usr﹜⁄moves-alias", "ae_updater_copies___ToPath__﹛usr﹜⁄state-alias", "ae_updater_moves", "ae_updater_over_copies"];

    [Fact]
    public void Create_AliasesResolvedByTheResolver_DecidedOnRealPaths()
    {
        // '/h/.config/moves-alias' is a link to the moves folder, '/h/.config/state-alias' one to the state directory, and
        // '/h/.config/sub' a plain folder below which the state directory lies.
        ResolvedPath Resolve(string path) => ResolvedPath.AsWritten(path
            .Replace("/h/.config/moves-alias", "/r/ae_updater_moves", StringComparison.Ordinal)
            .Replace("/h/.config/state-alias", "/h/.config/sub/state", StringComparison.Ordinal));
        var plan = Planner.Create(
            new PlanRequest("/r", Map, "{usr}", PlatformIds.Linux, UpdateEngine.AllKinds, [], Resolve, "/h/.config/sub/state"),
            AliasFolders.Select(f => new RootEntry(f, false)),
            folder => folder.EndsWith("over_copies", StringComparison.Ordinal)
                ? (SourceEntry[])[new SourceEntry("sub/state/lock", false), new SourceEntry("sub/other.txt", false), new SourceEntry("closed", false, "the folder cannot be listed")]
                : [new SourceEntry("f", false)]);

        Assert.Equal(2, plan.Rejected.Count);
        Assert.Contains("inside another drop-in folder", plan.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("(really '/r/ae_updater_moves')", plan.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("is the state directory", plan.Rejected[1].Reason, StringComparison.Ordinal);
        var files = plan.Operations.Where(o => o.Rule.Name == "ae_updater_over_copies").ToDictionary(o => o.RelativePath, o => o.Error);
        Assert.Equal("the folder cannot be listed", files["closed"]);
        Assert.Null(files["sub/other.txt"]);
        Assert.Contains("inside the state directory", files["sub/state/lock"], StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Kinds_InUpstreamOrderThenOrdinalNames()
    {
        var plan = Create(
            ["ae_updater_over_moves", "ae_updater_moves___OnOS__linux", "ae_updater_moves", "ae_updater_over_copies", "ae_updater_copies___ToPath__b", "ae_updater_copies___ToPath__a"],
            _ => [new SourceEntry("f", false)]);

        Assert.Equal(
            ["ae_updater_copies___ToPath__a", "ae_updater_copies___ToPath__b", "ae_updater_over_copies", "ae_updater_moves", "ae_updater_moves___OnOS__linux", "ae_updater_over_moves"],
            plan.Rules.Select(r => r.Name));
        Assert.Equal(["/r/a/f", "/r/b/f", "/h/.config/f", "/h/.config/f", "/h/.config/f", "/h/.config/f"], plan.Operations.Select(o => o.Destination));
    }

    [Theory]
    [InlineData("a.txt", true)]
    [InlineData("sub/deeper/a b.txt", true)]
    [InlineData("...", true)]
    [InlineData(".hidden/x", true)]
    [InlineData("a/./b", false)]
    [InlineData("./a", false)]
    [InlineData("a//b", false)]
    [InlineData("a/", false)]
    [InlineData("a/../b", false)]
    [InlineData("..", false)]
    [InlineData("", false)]
    [InlineData("a\\0b", false)] // NUL, written as \0 here and replaced below
    public void IsPlainRelative_TrueOnlyWhereGetFullPathChangesNothing(string path, bool plain)
    {
        Assert.Equal(plain, Planner.IsPlainRelative(path.Replace("\\0", "\0", StringComparison.Ordinal)));
        if (plain)
        {
            Assert.Equal(Path.GetFullPath(Path.Join("/u", path)), Path.Join("/u", path));
        }
    }

    [Fact]
    public void Create_PlainAndOddRelativePaths_SameDestinationsAsGetFullPath()
    {
        // Plain paths take the fast path (no Path.GetFullPath); '.', '..' and empty segments (from a placeholder's value)
        // are normalised as before, and a path that leaves the destination is still refused.
        string[] paths = ["a.txt", "d/f.txt", "..."];
        var plan = Create(["ae_updater_copies"], _ => paths.Select(p => new SourceEntry(p, false)));

        Assert.Equal(paths.Order(StringComparer.Ordinal).Select(p => Path.GetFullPath(Path.Join("/h/.config", p))), plan.Operations.Select(o => o.Destination));
        Assert.All(plan.Operations, o => Assert.Null(o.Error));
        Assert.All(plan.Operations, o => Assert.Same(o.Destination, o.RealDestination));

        var odd = PlaceholderMap.Create(
            new PlaceholderEnvironment { HomeDirectory = "/h", Platform = PlatformIds.Linux, GetCurrentDirectory = () => "/r" },
            "App",
            new Dictionary<string, string> { ["dots"] = "x/./y//z", ["up"] = "../../etc", ["back"] = "k/.." });
        var oddPlan = Planner.Create(
            new PlanRequest("/r", odd, "/u", PlatformIds.Linux, UpdateEngine.AllKinds, []),
            [new RootEntry("ae_updater_copies", false)],
            _ => [new SourceEntry("{dots}/f", false), new SourceEntry("{up}/passwd", false), new SourceEntry("{back}/g", false)]);
        var byPath = oddPlan.Operations.ToDictionary(o => o.RelativePath);

        Assert.Equal("/u/x/y/z/f", byPath["{dots}/f"].Destination);
        Assert.Null(byPath["{dots}/f"].Error);
        Assert.Equal("/u/g", byPath["{back}/g"].Destination);
        Assert.Null(byPath["{back}/g"].Error);
        Assert.Contains("leaves the destination", byPath["{up}/passwd"].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FilesInOrdinalPathOrder()
    {
        var plan = Create(["ae_updater_copies"], _ => [new("b.txt", false), new("a/z.txt", false), new("B.txt", false), new("a.txt", false)]);

        Assert.Equal(["B.txt", "a.txt", "a/z.txt", "b.txt"], plan.Operations.Select(o => o.RelativePath));
    }

    [Fact]
    public void Create_ToPathWithUnknownPlaceholder_RejectsFolderAndListsNoFiles()
    {
        var listed = new List<string>();
        var plan = Create(["ae_updater_copies___ToPath__﹛nokey﹜⁄x"], f => { listed.Add(f); return [new("f", false)]; });

        var rejected = Assert.Single(plan.Rejected);
        Assert.Contains("{nokey}", rejected.Reason, StringComparison.Ordinal);
        Assert.Empty(plan.Operations);
        Assert.Empty(listed);
    }

    [Fact]
    public void Create_RelativeToPath_ResolvesAgainstRoot()
    {
        var plan = Create(["ae_updater_copies___ToPath__rel_dst⁄sub"], _ => [new("f", false)]);

        Assert.Equal("/r/rel_dst/sub/f", Assert.Single(plan.Operations).Destination);
    }

    [Fact]
    public void Create_DestinationInsideDropInFolder_Rejected()
    {
        var plan = Create(["ae_updater_copies", "ae_updater_moves"], _ => [new("f", false)], destination: "ae_updater_copies/sub");

        Assert.Empty(plan.Rules);
        Assert.Contains("inside it", plan.Rejected.Single(r => r.Folder == "/r/ae_updater_copies").Reason, StringComparison.Ordinal);
        Assert.Contains("inside another drop-in folder", plan.Rejected.Single(r => r.Folder == "/r/ae_updater_moves").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DestinationInsideAnotherDropInFolder_Rejected()
    {
        var plan = Create(["ae_updater_copies___ToPath__ae_updater_moves⁄x", "ae_updater_moves"], _ => [new("f", false)]);

        Assert.Contains("inside another drop-in folder", Assert.Single(plan.Rejected).Reason, StringComparison.Ordinal);
        Assert.Equal(["ae_updater_moves"], plan.Rules.Select(r => r.Name));
    }

    [Theory]
    [InlineData("ae_updater_copies___OnOS__android", 0, 1)]
    [InlineData("ae_updater_copies___OnOS__android___OnOS__linux", 1, 0)]
    [InlineData("ae_updater_copies___OnOS__linux___OnOS__android", 1, 0)]
    [InlineData("ae_updater_copies___OnOS__Linux", 0, 1)]
    public void Create_OnOS_AppliesIfAnyMatches(string name, int rules, int skipped)
    {
        var plan = Create([name], _ => [new("f", false)]);

        Assert.Equal(rules, plan.Rules.Count);
        Assert.Equal(skipped, plan.Skipped.Count);
    }

    [Fact]
    public void Create_FreeBsdWithVersion_MatchesFreeBsd()
    {
        var plan = Create(["ae_updater_copies___OnOS__freebsd14"], _ => [new("f", false)], PlatformIds.FreeBsd);

        Assert.Single(plan.Rules);
    }

    [Fact]
    public void Create_PlaceholderInFileName_ExpandedOrRefusedWhenLeaving()
    {
        var plan = Create(["ae_updater_copies"], _ => [new("{app_name}.cfg", false), new("{cwd}/x", false), new("{bad}.cfg", false), new("ok}.txt", false)]);

        var ops = plan.Operations.ToDictionary(o => o.RelativePath);
        Assert.Equal("/h/.config/App.cfg", ops["{app_name}.cfg"].Destination);
        Assert.Null(ops["{app_name}.cfg"].Error);
        Assert.Contains("leaves the destination", ops["{cwd}/x"].Error, StringComparison.Ordinal);
        Assert.Contains("{bad}", ops["{bad}.cfg"].Error, StringComparison.Ordinal);
        Assert.Contains("Unbalanced '}'", ops["ok}.txt"].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Exclude_DropsMatchingFiles()
    {
        var plan = Create(["ae_updater_copies"], _ => [new("a/Thumbs.db", false), new("Thumbs.db", false), new("a/keep.txt", false), new("x.bak", false)], exclude: ["**/Thumbs.db", "*.bak"]);

        Assert.Equal(["a/keep.txt"], plan.Operations.Select(o => o.RelativePath));
    }

    [Fact]
    public void Create_NearMissAndUnknownArgs_ReportedNeverPlanned()
    {
        var plan = Create(["ae_updater_copies_old", "ae_updater_moves___Foo__1", "bin"], _ => [new("f", false)]);

        Assert.Empty(plan.Operations);
        Assert.Equal("/r/ae_updater_copies_old", Assert.Single(plan.Ignored).Folder);
        Assert.Equal("/r/ae_updater_moves___Foo__1", Assert.Single(plan.Rejected).Folder);
    }
}
