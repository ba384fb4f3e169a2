using AeUpdater.Placeholders;
using AeUpdater.Rules;

namespace AeUpdater.Tests.Rules;

public sealed class FolderNameParserTests
{
    [Theory]
    [InlineData("ae_updater_copies", DropInKind.Copies)]
    [InlineData("ae_updater_over_copies", DropInKind.OverCopies)]
    [InlineData("ae_updater_moves", DropInKind.Moves)]
    [InlineData("ae_updater_over_moves", DropInKind.OverMoves)]
    public void TryParse_PlainKind_IsValidWithoutArguments(string name, DropInKind kind)
    {
        var match = FolderNameParser.TryParse(name, out var parsed, out var reason);

        Assert.Equal(FolderNameMatch.Valid, match);
        Assert.Null(reason);
        Assert.Equal(kind, parsed!.Kind);
        Assert.Null(parsed.ToPath);
        Assert.Empty(parsed.Platforms);
    }

    [Theory]
    [InlineData("ae_updater_moves___ToPath__﹛app﹜⁄config___OnOS__linux", DropInKind.Moves, "{app}/config", "linux")]
    [InlineData("ae_updater_copies___OnOS__win32___ToPath__C﹕﹨Users﹨x", DropInKind.Copies, @"C:\Users\x", "win32")]
    [InlineData("ae_updater_over_copies___ToPath__⁄var⁄data", DropInKind.OverCopies, "/var/data", null)]
    [InlineData("ae_updater_over_moves___ToPath__https⫻u﹕p﹫h⁄x␣y﹖a﹦b﹠c﹟f", DropInKind.OverMoves, "https://u:p@h/x y?a=b&c#f", null)]
    [InlineData("ae_updater_copies___ToPath__rel__dir", DropInKind.Copies, "rel__dir", null)]
    [InlineData("ae_updater_copies___ToPath__a.b-c!d~e`f", DropInKind.Copies, "a.b-c!d~e`f", null)]
    [InlineData("ae_updater_copies___OnOS__freebsd14", DropInKind.Copies, null, "freebsd14")]
    public void TryParse_Arguments_AreDedefusedAndCollected(string name, DropInKind kind, string? toPath, string? platform)
    {
        var match = FolderNameParser.TryParse(name, out var parsed, out _);

        Assert.Equal(FolderNameMatch.Valid, match);
        Assert.Equal(kind, parsed!.Kind);
        Assert.Equal(toPath, parsed.ToPath);
        Assert.Equal(platform is null ? [] : [platform], parsed.Platforms);
    }

    [Fact]
    public void TryParse_EverySpecialCharacterDefused_RoundTrips()
    {
        var path = "/a b/" + new string([.. Defuser.Table.Select(p => p.Ascii).Where(c => c != '_')]) + "://x";
        var name = "ae_updater_copies___ToPath__" + Defuser.Defuse(path);

        var match = FolderNameParser.TryParse(name, out var parsed, out var reason);

        Assert.True(match == FolderNameMatch.Valid, reason);
        Assert.Equal(path, parsed!.ToPath);
    }

    [Fact]
    public void TryParse_SeveralOnOS_KeepsAllInOrder()
    {
        FolderNameParser.TryParse("ae_updater_moves___OnOS__android___OnOS__linux___OnOS__ios", out var parsed, out _);

        Assert.Equal(["android", "linux", "ios"], parsed!.Platforms);
    }

    [Theory]
    [InlineData("ae_updater_copies_old")]
    [InlineData("ae_updater_copiesEXTRA")]
    [InlineData("ae_updater_moves__ToPath__x")]
    [InlineData("ae_updater_over_moves_")]
    [InlineData("AE_UPDATER_COPIES")]
    [InlineData("ae_updater_copy")]
    [InlineData("Ae_Updater_Moves___OnOS__linux")]
    public void TryParse_NearMiss_IsIgnoredWithReason(string name)
    {
        var match = FolderNameParser.TryParse(name, out var parsed, out var reason);

        Assert.Equal(FolderNameMatch.NearMiss, match);
        Assert.Null(parsed);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Theory]
    [InlineData("ae_updater_copies___Unknown__x", "unknown argument 'Unknown__x'")]
    [InlineData("ae_updater_copies___ToPath__a___ToPath__b", "more than once")]
    [InlineData("ae_updater_copies___ToPath__", "'ToPath__' has no value")]
    [InlineData("ae_updater_copies___OnOS__", "'OnOS__' has no value")]
    [InlineData("ae_updater_copies___", "argument 1 is empty")]
    [InlineData("ae_updater_copies___OnOS__linux___", "argument 2 is empty")]
    [InlineData("ae_updater_copies______OnOS__linux", "argument 1 is empty")]
    [InlineData("ae_updater_copies___ToPath__a____b", "unknown argument '_b'")]
    [InlineData("ae_updater_copies___topath__x", "unknown argument 'topath__x'")]
    public void TryParse_BadArguments_AreInvalidWithSpecificReason(string name, string expected)
    {
        var match = FolderNameParser.TryParse(name, out var parsed, out var reason);

        Assert.Equal(FolderNameMatch.Invalid, match);
        Assert.Null(parsed);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bin")]
    [InlineData(".ae_updater_copies")]
    [InlineData("ae_updater")]
    [InlineData("ae_pre_app_run")]
    [InlineData("my_ae_updater_copies")]
    public void TryParse_UnrelatedOrHidden_IsNone(string name)
    {
        Assert.Equal(FolderNameMatch.None, FolderNameParser.TryParse(name, out _, out _));
    }
}
