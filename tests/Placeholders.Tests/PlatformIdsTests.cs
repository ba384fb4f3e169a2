namespace AeUpdater.Placeholders.Tests;

public sealed class PlatformIdsTests
{
    [Fact]
    public void Detect_OnThisLinuxMachine_IsLinux()
    {
        Assert.True(OperatingSystem.IsLinux(), "these tests run on Linux");

        Assert.Equal("linux", PlatformIds.Detect());
    }

    [Fact]
    public void All_AreThePythonSpellings()
    {
        Assert.Equal(["linux", "win32", "darwin", "android", "ios", "freebsd"], PlatformIds.All);
    }

    [Theory]
    [InlineData("linux", "linux", true)]
    [InlineData("win32", "win32", true)]
    [InlineData("darwin", "darwin", true)]
    [InlineData("android", "android", true)]
    [InlineData("ios", "ios", true)]
    [InlineData("freebsd", "freebsd", true)]
    [InlineData("freebsd13", "freebsd", true)]
    [InlineData("freebsd", "freebsd13", true)]
    [InlineData("freebsd13", "freebsd14", true)]
    [InlineData("freebsd1", "freebsd", true)]
    [InlineData("freebsdx", "freebsd", false)]
    [InlineData("freebsd13a", "freebsd", false)]
    [InlineData("freebsd-13", "freebsd", false)]
    [InlineData("freebsd 13", "freebsd", false)]
    [InlineData("freebsd\u0661\u0663", "freebsd", false)]
    [InlineData("openbsd7", "freebsd", false)]
    [InlineData("Linux", "linux", false)]
    [InlineData("LINUX", "linux", false)]
    [InlineData("FreeBSD13", "freebsd", false)]
    [InlineData("Win32", "win32", false)]
    [InlineData("win64", "win32", false)]
    [InlineData("linux", "android", false)]
    [InlineData("darwin", "ios", false)]
    [InlineData("", "linux", false)]
    [InlineData("", "", true)]
    public void Matches_Table_IsExactAndCaseSensitive(string value, string current, bool expected)
    {
        Assert.Equal(expected, PlatformIds.Matches(value, current));
    }

    [Theory]
    [InlineData("freebsd13", "freebsd")]
    [InlineData("freebsd", "freebsd")]
    [InlineData("freebsdx", "freebsdx")]
    [InlineData("linux", "linux")]
    [InlineData("sunos5", "sunos5")]
    public void Canonical_Table_StripsOnlyFreeBsdDigits(string id, string expected)
    {
        Assert.Equal(expected, PlatformIds.Canonical(id));
    }

    [Theory]
    [InlineData("linux", true)]
    [InlineData("win32", true)]
    [InlineData("darwin", true)]
    [InlineData("android", true)]
    [InlineData("ios", true)]
    [InlineData("freebsd", true)]
    [InlineData("freebsd14", true)]
    [InlineData("cygwin", false)]
    [InlineData("openbsd7", false)]
    [InlineData("windows", false)]
    [InlineData("macos", false)]
    [InlineData("Linux", false)]
    [InlineData("unknown", false)]
    [InlineData("", false)]
    public void IsKnown_Table_KnowsOnlyThePythonIds(string id, bool expected)
    {
        Assert.Equal(expected, PlatformIds.IsKnown(id));
    }

    [Fact]
    public void Matches_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PlatformIds.Matches(null!, "linux"));
        Assert.Throws<ArgumentNullException>(() => PlatformIds.Matches("linux", null!));
    }
}
