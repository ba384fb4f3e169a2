using System.Text;
using AeUpdater.Planning;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Planning;

/// <summary>
/// The no-op decision's root listing (<see cref="SourceScanner.MayHaveWork(string)"/>: the C library's readdir and a test of the
/// name's bytes) says yes whenever .NET's listing and the test of the decoded name say yes, on real folders.
/// </summary>
public sealed class SourceScannerTests
{
    public static TheoryData<string> Names => new()
    {
        "ae_updater_copies", "AE_UPDATER_MOVES", "Ae_Updater_over_copies___ToPath__x", "ae_updater_", "ae_updater", "ae_updater.dll",
        "ae_pre_app_run.dll", "ae_pre_app_run", "AE_PRE_APP_RUN.dll", "ae_updatex_copies", "ae_update", "ae_", "a", "readme.txt",
        "ae_upd\u00e4ter_copies", "\u00e4e_updater_copies", "ae_updater_k\u00f6pies", "ae_updater_copıes", "ae_pre_app_rün", ".ae_updater_copies",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void MayBeWorkName_IsYesWheneverTheDecodedNameIs_AndExactForAscii(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        var decoded = SourceScanner.IsWorkName(name);

        if (decoded)
        {
            Assert.True(SourceScanner.MayBeWorkName(bytes), $"'{name}' is a work name but its bytes were not taken");
        }

        if (Ascii.IsValid(name))
        {
            Assert.Equal(decoded, SourceScanner.MayBeWorkName(bytes));
        }
    }

    [Fact]
    public void MayBeWorkName_InvalidUtf8_IsTakenConservatively()
    {
        Assert.True(SourceScanner.MayBeWorkName([0x61, 0x65, 0xff, 0x75]));
        Assert.False(SourceScanner.MayBeWorkName([0x72, 0x65, 0x61, 0x64, 0x6d, 0x65, 0x2e, 0x74, 0x78, 0x74, 0x20, 0x20, 0xff]));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MayHaveWork_AgreesWithTheDotNetListing_OnARealRoot(string name)
    {
        using var tree = TempTree.Create().File("app.dll").Folder("lib").File(name + "/inner.txt");

        var listed = SourceScanner.MayHaveWorkListed(tree.Root);

        Assert.Equal(SourceScanner.IsWorkName(name), listed);
        if (listed || Ascii.IsValid(name))
        {
            Assert.Equal(listed, SourceScanner.MayHaveWork(tree.Root));
        }
    }

    [Fact]
    public void MayHaveWork_EmptyAndMissingRoots()
    {
        using var tree = TempTree.Create().Folder("empty");

        Assert.False(SourceScanner.MayHaveWork(tree["empty"]));
        Assert.False(SourceScanner.MayHaveWorkListed(tree["empty"]));

        // A root that is not there: the readdir path gives up and .NET's listing answers (or throws) as it always did.
        var listed = Record.Exception(() => SourceScanner.MayHaveWorkListed(tree["missing"]));
        var native = Record.Exception(() => SourceScanner.MayHaveWork(tree["missing"]));
        Assert.Equal(listed?.GetType(), native?.GetType());
    }

    [Fact]
    public void Files_RealTree_ListsInTheOrdinalOrderOfTheRelativePaths()
    {
        // Names around '/' (0x2F): '-' and '.' sort before it, '0' and letters after; a sub-folder's files come where
        // its name with '/' sorts, not where its bare name does.
        using var tree = TempTree.Create()
            .File("a!").File("a-b").File("a.txt").File("a0").File("a/x").File("a/b/c").File("a/b.txt").File("a b/z")
            .File("B").File("b").File("ab/c").File(".hidden").File(".h/inner").File("ä").File("zz");

        var paths = SourceScanner.Files(tree.Root).Select(e => e.RelativePath).ToList();

        Assert.Equal(
            ["B", "a b/z", "a!", "a-b", "a.txt", "a/b.txt", "a/b/c", "a/x", "a0", "ab/c", "b", "zz", "ä"],
            paths);
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
    }

    [Theory]
    [InlineData("a", false, "a-b", false, -1)]
    [InlineData("a", true, "a-b", false, 1)]
    [InlineData("a", true, "a0", false, -1)]
    [InlineData("a", false, "a", true, -1)]
    [InlineData("x/a", true, "x/a.b", false, 1)]
    [InlineData("x/ab", false, "x/a", true, 1)]
    public void CompareListed_FolderTakenWithItsSlash(string a, bool aIsFolder, string b, bool bIsFolder, int expected)
    {
        Assert.Equal(expected, Math.Sign(SourceScanner.CompareListed(a, aIsFolder, b, bIsFolder)));
        Assert.Equal(-expected, Math.Sign(SourceScanner.CompareListed(b, bIsFolder, a, aIsFolder)));
    }
}
