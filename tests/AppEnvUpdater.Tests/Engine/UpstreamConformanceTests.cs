using AeUpdater.Placeholders;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Engine;

/// <summary>
/// The upstream test suite (ae.updater tests/test_updater.py, reference §4) ported to real temporary trees. Upstream
/// parametrises the file tests over the four default folder names, used only as the fixture folder's name. Here the
/// folder name decides the kind, so each test's four items are four spellings of a folder of the test's kind that
/// must behave the same: for the {usr} tests a plain name, an <c>OnOS__</c> for this platform, a <c>ToPath__{usr}</c>,
/// and two <c>OnOS__</c> of which one matches; for the parent-folder tests four ways to write the root as
/// <c>ToPath__</c> (relative <c>.</c>, absolute, <c>{cwd}</c>, and relative with an <c>OnOS__</c>).
/// Plugin cases 7, 8, 17, 18 are in the plugin tests.
/// </summary>
public sealed class UpstreamConformanceTests
{
    private const string File0 = "TEST FILE0 CONTENT";
    private const string File1 = "TEST FILE1 CONTENT";
    private const string Old0 = "OLD/LOCKED FILE0 CONTENT";

    public static TheoryData<string> UsrVariants => new()
    {
        "",
        "___OnOS__linux",
        "___ToPath__" + Defuser.Defuse("{usr}"),
        "___OnOS__android___OnOS__linux",
    };

    public static TheoryData<string> ParentVariants => new()
    {
        "___ToPath__.",
        "ABSOLUTE",
        "___ToPath__" + Defuser.Defuse("{cwd}"),
        "___ToPath__.___OnOS__linux",
    };

    // 1. TestCheckAll.test_nothing_to_do
    [Fact]
    public void CheckAll_EmptyRoot_DoesNothing()
    {
        using var box = new Sandbox();

        var report = AppEnvUpdater.CheckAll(box.Options());

        Assert.Empty(report.Processed);
        Assert.Empty(report.Operations);
        Assert.False(report.HasFailures);
        Assert.Equal(["home", "root"], Directory.EnumerateFileSystemEntries(box.Tree.Root).Select(Path.GetFileName).Order());
    }

    // 2-5. test_file_{copies,copy_over,moves,move_over}_to_user_dir_via_check_all
    [Theory]
    [MemberData(nameof(UsrVariants))]
    public void CheckAll_Copies_CopiesToUserDirAndKeepsSources(string args) =>
        AssertToUserDir("ae_updater_copies" + args, move: false);

    [Theory]
    [MemberData(nameof(UsrVariants))]
    public void CheckAll_OverCopies_CopiesToUserDirAndKeepsSources(string args) =>
        AssertToUserDir("ae_updater_over_copies" + args, move: false);

    [Theory]
    [MemberData(nameof(UsrVariants))]
    public void CheckAll_Moves_MovesToUserDir(string args) =>
        AssertToUserDir("ae_updater_moves" + args, move: true);

    [Theory]
    [MemberData(nameof(UsrVariants))]
    public void CheckAll_OverMoves_MovesToUserDir(string args) =>
        AssertToUserDir("ae_updater_over_moves" + args, move: true);

    // 6. test_folder_name_args
    [Fact]
    public void CheckAll_FolderNameArgs_RouteFilesByToPathAndOnOS()
    {
        using var box = new Sandbox();
        var dest = box.Tree.PathOf("dest");
        var downloads = box.Tree.PathOf("downloads");
        var destArg = "___ToPath__" + Defuser.Defuse(dest);
        box.Source("ae_updater_moves/plain.txt", "p")
            .Source($"ae_updater_moves{destArg}/to_dest.txt", "d")
            .Source($"ae_updater_moves{destArg}___OnOS__android/platform.txt", "o")
            .Source("ae_updater_moves___ToPath__" + Defuser.Defuse("{downloads}") + "/dl.txt", "w")
            .Source("ae_updater_moves/x.{apk_ext}", "apk");
        var options = box.Options(o => o.Placeholders["downloads"] = downloads);

        var report = AppEnvUpdater.CheckAll(options);

        Assert.Equal(
            [Path.Join(box.Usr, "plain.txt"), Path.Join(dest, "to_dest.txt"), Path.Join(downloads, "dl.txt")],
            report.Processed);
        Assert.True(report.Processed.All(File.Exists));
        Assert.True(File.Exists(box.RootPath($"ae_updater_moves{destArg}___OnOS__android/platform.txt")));
        Assert.Single(report.Skipped);
        // Upstream keeps an unknown {apk_ext} literally; AeUpdater refuses the file with the reason and keeps it.
        var apk = Assert.Single(report.Operations, o => o.Outcome == OperationOutcome.Failed);
        Assert.Contains("apk_ext", apk.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(box.RootPath("ae_updater_moves/x.{apk_ext}")));

        var android = AppEnvUpdater.CheckAll(box.Options(o =>
        {
            o.Placeholders["downloads"] = downloads;
            o.Placeholders["apk_ext"] = "apk";
            o.Platform = PlatformIds.Android;
        }));

        Assert.Equal([Path.Join(box.Usr, "x.apk"), Path.Join(dest, "platform.txt")], android.Processed);
        Assert.Equal("apk", File.ReadAllText(Path.Join(box.Usr, "x.apk")));
        Assert.Equal("o", File.ReadAllText(Path.Join(dest, "platform.txt")));
    }

    // 9. test_copies_over_to_parent_dir
    [Theory]
    [MemberData(nameof(ParentVariants))]
    public void CheckCopies_OverToParent_CopiesBoth(string args)
    {
        using var box = new Sandbox();
        var folder = Fixture(box, "ae_updater_over_copies", args);

        var report = AppEnvUpdater.CheckCopies(box.Options(), overwrite: true);

        Assert.Equal([box.RootPath("app.ini"), box.RootPath("app_dir/app.png")], report.Processed);
        Assert.Equal(File0, File.ReadAllText(box.RootPath("app.ini")));
        Assert.True(File.Exists(Path.Join(folder, "app.ini")) && File.Exists(Path.Join(folder, "app_dir/app.png")));
    }

    // 10. test_copies_over_to_parent_dir_unblocked
    [Theory]
    [MemberData(nameof(ParentVariants))]
    public void CheckCopies_OverToParentWithExisting_Replaces(string args)
    {
        using var box = new Sandbox();
        var folder = Fixture(box, "ae_updater_over_copies", args);
        box.Source("app.ini", Old0);

        var report = AppEnvUpdater.CheckCopies(box.Options(), overwrite: true);

        Assert.Equal([box.RootPath("app.ini"), box.RootPath("app_dir/app.png")], report.Processed);
        Assert.Equal(File0, File.ReadAllText(box.RootPath("app.ini")));
        Assert.Equal(File1, File.ReadAllText(box.RootPath("app_dir/app.png")));
        Assert.True(File.Exists(Path.Join(folder, "app.ini")));
    }

    // 11. test_copies_to_parent_dir
    [Theory]
    [MemberData(nameof(ParentVariants))]
    public void CheckCopies_ToParent_CopiesBoth(string args)
    {
        using var box = new Sandbox();
        var folder = Fixture(box, "ae_updater_copies", args);

        var report = AppEnvUpdater.CheckCopies(box.Options());

        Assert.Equal([box.RootPath("app.ini"), box.RootPath("app_dir/app.png")], report.Processed);
        Assert.Equal(File1, File.ReadAllText(box.RootPath("app_dir/app.png")));
        Assert.True(File.Exists(Path.Join(folder, "app.ini")) && File.Exists(Path.Join(folder, "app_dir/app.png")));
    }

    // 12. test_copies_to_parent_dir_blocked
    [Theory]
    [MemberData(nameof(ParentVariants))]
    public void CheckCopies_ToParentWithExisting_KeepsExisting(string args)
    {
        using var box = new Sandbox();
        var folder = Fixture(box, "ae_updater_copies", args);
        box.Source("app.ini", Old0);

        var report = AppEnvUpdater.CheckCopies(box.Options());

        Assert.Equal([box.RootPath("app_dir/app.png")], report.Processed);
        Assert.Equal(Old0, File.ReadAllText(box.RootPath("app.ini")));
        Assert.Equal(File0, File.ReadAllText(Path.Join(folder, "app.ini")));
        Assert.Equal(File1, File.ReadAllText(box.RootPath("app_dir/app.png")));
        Assert.Equal(OperationOutcome.Skipped, report.Operations[0].Outcome);
    }

    // 13. test_moves_over_to_parent_dir
    [Theory]
    [MemberData(nameof(ParentVariants))]
    public void CheckMoves_OverToParent_MovesBoth(string args)
    {
        using var box = new Sandbox();
        var folder = Fixture(box, "ae_updater_over_moves", args);

        var report = AppEnvUpdater.CheckMoves(box.Options(), overwrite: true);

        Assert.Equal([box.RootPath("app.ini"), box.RootPath("app_dir/app.png")], report.Processed);
        Assert.False(File.Exists(Path.Join(folder, "app.ini")) || File.Exists(Path.Join(folder, "app_dir/app.png")));
        Assert.True(File.Exists(box.RootPath("app.ini")) && File.Exists(box.RootPath("app_dir/app.png")));
    }

    // 14. test_moves_over_to_parent_dir_unblocked
    [Theory]
    [MemberData(nameof(ParentVariants))]
    public void CheckMoves_OverToParentWithExisting_Replaces(string args)
    {
        using var box = new Sandbox();
        var folder = Fixture(box, "ae_updater_over_moves", args);
        box.Source("app.ini", Old0);

        var report = AppEnvUpdater.CheckMoves(box.Options(), overwrite: true);

        Assert.Equal([box.RootPath("app.ini"), box.RootPath("app_dir/app.png")], report.Processed);
        Assert.Equal(File0, File.ReadAllText(box.RootPath("app.ini")));
        Assert.False(File.Exists(Path.Join(folder, "app.ini")) || File.Exists(Path.Join(folder, "app_dir/app.png")));
    }

    // 15. test_moves_to_parent_dir
    [Theory]
    [MemberData(nameof(ParentVariants))]
    public void CheckMoves_ToParent_MovesBoth(string args)
    {
        using var box = new Sandbox();
        var folder = Fixture(box, "ae_updater_moves", args);

        var report = AppEnvUpdater.CheckMoves(box.Options());

        Assert.Equal([box.RootPath("app.ini"), box.RootPath("app_dir/app.png")], report.Processed);
        Assert.Equal(File1, File.ReadAllText(box.RootPath("app_dir/app.png")));
        Assert.False(File.Exists(Path.Join(folder, "app.ini")) || File.Exists(Path.Join(folder, "app_dir/app.png")));
    }

    // 16. test_moves_to_parent_dir_blocked
    [Theory]
    [MemberData(nameof(ParentVariants))]
    public void CheckMoves_ToParentWithExisting_LeavesSourceAndExisting(string args)
    {
        using var box = new Sandbox();
        var folder = Fixture(box, "ae_updater_moves", args);
        box.Source("app.ini", Old0);

        var report = AppEnvUpdater.CheckMoves(box.Options());

        Assert.Equal([box.RootPath("app_dir/app.png")], report.Processed);
        Assert.Equal(File0, File.ReadAllText(Path.Join(folder, "app.ini")));
        Assert.Equal(Old0, File.ReadAllText(box.RootPath("app.ini")));
        Assert.False(File.Exists(Path.Join(folder, "app_dir/app.png")));
        Assert.Equal(File1, File.ReadAllText(box.RootPath("app_dir/app.png")));
    }

    private static void AssertToUserDir(string folderName, bool move)
    {
        using var box = new Sandbox();
        box.Source(folderName + "/app.ini", File0).Source(folderName + "/app_dir/app.png", File1);

        var report = AppEnvUpdater.CheckAll(box.Options());

        Assert.Equal([box.UsrPath("app.ini"), box.UsrPath("app_dir/app.png")], report.Processed);
        Assert.Equal(File0, File.ReadAllText(box.UsrPath("app.ini")));
        Assert.Equal(File1, File.ReadAllText(box.UsrPath("app_dir/app.png")));
        Assert.Equal(!move, File.Exists(box.RootPath(folderName + "/app.ini")));
        Assert.Equal(!move, File.Exists(box.RootPath(folderName + "/app_dir/app.png")));
        Assert.True(Directory.Exists(box.RootPath(folderName)), "the drop-in folder itself stays");
        Assert.False(report.HasFailures);
    }

    private static string Fixture(Sandbox box, string kind, string args)
    {
        var name = kind + (args == "ABSOLUTE" ? "___ToPath__" + Defuser.Defuse(box.Root) : args);
        box.Source(name + "/app.ini", File0).Source(name + "/app_dir/app.png", File1);
        return box.RootPath(name);
    }
}
