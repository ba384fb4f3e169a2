namespace AeUpdater.Placeholders.Tests;

public sealed class PlaceholderIdsTests
{
    [Theory]
    [InlineData("usr", true)]
    [InlineData("app_name", true)]
    [InlineData("_x", true)]
    [InlineData("X9", true)]
    [InlineData("apk_ext", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("9x", false)]
    [InlineData("a-b", false)]
    [InlineData("a b", false)]
    [InlineData("a.b", false)]
    [InlineData("usr:x", false)]
    [InlineData("usr[0]", false)]
    [InlineData("\u00E4", false)]
    public void IsValid_Table_AcceptsIdentifiersOnly(string? id, bool expected)
    {
        Assert.Equal(expected, PlaceholderIds.IsValid(id));
    }

    [Fact]
    public void BuiltIn_ListsEveryIdOnce()
    {
        Assert.Equal(
            ["app_name", "usr", "app", "doc", "ado", "cwd", "home", "documents", "downloads", "pictures", "music", "videos", "desktop"],
            PlaceholderIds.BuiltIn);
    }
}
