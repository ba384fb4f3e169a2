namespace AeUpdater.Placeholders.Tests;

public sealed class LinuxRulesTests : IDisposable
{
    private readonly TempDirectory _home = TempDirectory.Create();

    public void Dispose() => _home.Dispose();

    private PlaceholderMap Map(Dictionary<string, string>? variables = null, string platform = PlatformIds.Linux) =>
        PlaceholderMap.Create(TestEnvironments.Linux(_home.Path, variables, platform: platform), "MyApp");

    [Theory]
    [InlineData(PlatformIds.Linux)]
    [InlineData(PlatformIds.FreeBsd)]
    [InlineData("freebsd14")]
    [InlineData(PlatformIds.Android)]
    [InlineData("sunos5")]
    public void Create_NoVariablesNoFile_UsesHomeFallbacks(string platform)
    {
        var map = Map(platform: platform);

        Assert.Equal(_home.Combine(".config"), map["usr"]);
        Assert.Equal(_home.Combine(".config", "MyApp"), map["app"]);
        Assert.Equal(_home.Combine("Documents"), map["doc"]);
        Assert.Equal(_home.Combine("Documents", "MyApp"), map["ado"]);
        Assert.Equal(_home.Path, map["home"]);
        Assert.Equal(_home.Path, map["cwd"]);
        Assert.Equal(_home.Combine("Documents"), map["documents"]);
        Assert.Equal(_home.Combine("Downloads"), map["downloads"]);
        Assert.Equal(_home.Combine("Pictures"), map["pictures"]);
        Assert.Equal(_home.Combine("Music"), map["music"]);
        Assert.Equal(_home.Combine("Videos"), map["videos"]);
        Assert.Equal(_home.Combine("Desktop"), map["desktop"]);
        Assert.Equal("MyApp", map["app_name"]);
        Assert.Equal(platform, map.Platform);
    }

    [Fact]
    public void Create_XdgConfigHomeAbsolute_IsUsr()
    {
        using var config = TempDirectory.Create();

        var map = Map(new() { ["XDG_CONFIG_HOME"] = config.Path });

        Assert.Equal(config.Path, map["usr"]);
        Assert.Equal(config.Combine("MyApp"), map["app"]);
    }

    [Theory]
    [InlineData("cfg", "cfg")]
    [InlineData("a/b", "a/b")]
    [InlineData("./cfg", "cfg")]
    public void Create_XdgConfigHomeRelative_IsUnderHome(string value, string expectedUnderHome)
    {
        var map = Map(new() { ["XDG_CONFIG_HOME"] = value });

        Assert.Equal(_home.Combine(expectedUnderHome), map["usr"]);
    }

    [Fact]
    public void Create_XdgConfigHomeEmpty_IsDotConfig()
    {
        var map = Map(new() { ["XDG_CONFIG_HOME"] = "" });

        Assert.Equal(_home.Combine(".config"), map["usr"]);
    }

    [Fact]
    public void Create_XdgConfigHomeWithTrailingSeparatorAndDots_IsNormalised()
    {
        using var config = TempDirectory.Create();

        var map = Map(new() { ["XDG_CONFIG_HOME"] = config.Path + "/x/../" });

        Assert.Equal(config.Path, map["usr"]);
        Assert.Equal(config.Combine("MyApp"), map["app"]);
        Assert.Equal(config.Combine("f"), map.Expand("{usr}/f"));
    }

    private const string UserDirs = """
        # This file is written by xdg-user-dirs-update
        # XDG_MUSIC_DIR="$HOME/Commented"
        XDG_DESKTOP_DIR="$HOME/Schreibtisch"
        XDG_DOWNLOAD_DIR="$HOME/Downloads/neu/"
          XDG_DOCUMENTS_DIR="/srv/dokumente"
        XDG_PICTURES_DIR=$HOME/Bilder
        XDG_MUSIC_DIR="musik"
        XDG_VIDEOS_DIR="$HOME"
        XDG_TEMPLATES_DIR="$HOME/Vorlagen"
        XDG_DIR="/broken"
        XDG__DIR="/broken"
        NOT_XDG_DIR="/broken"
        garbage line without equals
        """;

    [Fact]
    public void Create_UserDirsInDefaultConfigDir_IsRead()
    {
        _home.File(".config/user-dirs.dirs", UserDirs);

        var map = Map();

        Assert.Equal(_home.Combine("Schreibtisch"), map["desktop"]);
        Assert.Equal(_home.Combine("Downloads", "neu"), map["downloads"]);
        Assert.Equal("/srv/dokumente", map["documents"]);
        Assert.Equal("/srv/dokumente", map["doc"]);
        Assert.Equal("/srv/dokumente/MyApp", map["ado"]);
        Assert.Equal(_home.Combine("Bilder"), map["pictures"]);
        Assert.Equal(_home.Combine("Music"), map["music"]);
        Assert.Equal(_home.Path, map["videos"]);
        Assert.False(map.Contains("templates"));
    }

    [Fact]
    public void Create_UserDirsInXdgConfigHome_IsReadFromThereNotFromDotConfig()
    {
        using var config = TempDirectory.Create();
        config.File("user-dirs.dirs", "XDG_DOWNLOAD_DIR=\"$HOME/FromXdgConfigHome\"\n");
        _home.File(".config/user-dirs.dirs", "XDG_DOWNLOAD_DIR=\"$HOME/FromDotConfig\"\n");

        var map = Map(new() { ["XDG_CONFIG_HOME"] = config.Path });

        Assert.Equal(_home.Combine("FromXdgConfigHome"), map["downloads"]);
    }

    [Fact]
    public void Create_UserDirsWithWindowsLineEndingsAndTabs_IsRead()
    {
        _home.File(".config/user-dirs.dirs", "XDG_MUSIC_DIR=\"$HOME/Tunes\"\r\n\tXDG_VIDEOS_DIR=\"$HOME/Clips\"\r\n");

        var map = Map();

        Assert.Equal(_home.Combine("Tunes"), map["music"]);
        Assert.Equal(_home.Combine("Clips"), map["videos"]);
    }

    [Fact]
    public void Create_UserDirsPathIsAFolder_FallsBack()
    {
        _home.Folder(".config/user-dirs.dirs");

        var map = Map();

        Assert.Equal(_home.Combine("Downloads"), map["downloads"]);
    }

    [Fact]
    public void Create_UserDirsLaterLineForSameName_Wins()
    {
        _home.File(".config/user-dirs.dirs", "XDG_MUSIC_DIR=\"$HOME/First\"\nXDG_MUSIC_DIR=\"$HOME/Second\"\n");

        var map = Map();

        Assert.Equal(_home.Combine("Second"), map["music"]);
    }

    [Fact]
    public void Create_XdgDirVariable_WinsOverFile()
    {
        _home.File(".config/user-dirs.dirs", "XDG_DOWNLOAD_DIR=\"$HOME/FromFile\"\nXDG_DOCUMENTS_DIR=\"$HOME/DocsFromFile\"\n");

        var map = Map(new() { ["XDG_DOWNLOAD_DIR"] = "/env/downloads", ["XDG_DOCUMENTS_DIR"] = "/env/docs/" });

        Assert.Equal("/env/downloads", map["downloads"]);
        Assert.Equal("/env/docs", map["documents"]);
        Assert.Equal("/env/docs", map["doc"]);
        Assert.Equal("/env/docs/MyApp", map["ado"]);
    }

    [Fact]
    public void Create_XdgDirVariableWithHome_IsSubstituted()
    {
        var map = Map(new() { ["XDG_PICTURES_DIR"] = "$HOME/Fotos" });

        Assert.Equal(_home.Combine("Fotos"), map["pictures"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("relative/music")]
    [InlineData("~/Music2")]
    public void Create_XdgDirVariableEmptyOrRelative_IsIgnored(string value)
    {
        _home.File(".config/user-dirs.dirs", "XDG_MUSIC_DIR=\"$HOME/FromFile\"\n");

        var map = Map(new() { ["XDG_MUSIC_DIR"] = value });

        Assert.Equal(_home.Combine("FromFile"), map["music"]);
    }

    [Theory]
    [InlineData("XDG_DOCUMENTS_DIR=\"$HOME/Docs\"", "DOCUMENTS", "{home}/Docs")]
    [InlineData("XDG_DOCUMENTS_DIR=\"$HOME\"", "DOCUMENTS", "{home}")]
    [InlineData("XDG_DOCUMENTS_DIR=\"$HOME/\"", "DOCUMENTS", "{home}")]
    [InlineData("XDG_DOWNLOAD_DIR=\"/abs/dl\"", "DOWNLOAD", "/abs/dl")]
    [InlineData("XDG_DOWNLOAD_DIR=/abs/dl", "DOWNLOAD", "/abs/dl")]
    [InlineData("  XDG_DOWNLOAD_DIR=\"/abs/dl/\"  ", "DOWNLOAD", "/abs/dl")]
    [InlineData("XDG_PUBLICSHARE_DIR=\"$HOME/Öffentlich\"", "PUBLICSHARE", "{home}/Öffentlich")]
    [InlineData("XDG_X_DIR=\"/\"", "X", "/")]
    [InlineData("XDG_A_B_DIR=\"/ab\"", "A_B", "/ab")]
    [InlineData("XDG_DOCUMENTS_DIR=\"$HOME/My Docs\"", "DOCUMENTS", "{home}/My Docs")]
    public void TryParseLine_ValidLines_GiveNameAndPath(string line, string expectedName, string expectedPath)
    {
        var ok = XdgUserDirs.TryParseLine(line, "/home/u", out var name, out var path);

        Assert.True(ok);
        Assert.Equal(expectedName, name);
        Assert.Equal(expectedPath.Replace("{home}", "/home/u", StringComparison.Ordinal), path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("# XDG_DOCUMENTS_DIR=\"$HOME/Docs\"")]
    [InlineData("XDG_DOCUMENTS_DIR=\"Docs\"")]
    [InlineData("XDG_DOCUMENTS_DIR=\"~/Docs\"")]
    [InlineData("XDG_DOCUMENTS_DIR=\"$HOMEDocs\"")]
    [InlineData("XDG_DOCUMENTS_DIR=\"\"")]
    [InlineData("XDG_DOCUMENTS_DIR=")]
    [InlineData("XDG_DOCUMENTS_DIR=\"/abs")]
    [InlineData("XDG_DOCUMENTS=\"/abs\"")]
    [InlineData("XDG_DOCUMENTS_DIR")]
    [InlineData("XDG_DIR=\"/abs\"")]
    [InlineData("XDG__DIR=\"/abs\"")]
    [InlineData("XDG_DIR_DIR")]
    [InlineData("MY_XDG_DOCUMENTS_DIR=\"/abs\"")]
    [InlineData("XDG_DOCUMENTS_DIR =\"/abs\"")]
    public void TryParseLine_CommentsMalformedAndRelative_AreIgnored(string line)
    {
        var ok = XdgUserDirs.TryParseLine(line, "/home/u", out _, out _);

        Assert.False(ok);
    }
}
