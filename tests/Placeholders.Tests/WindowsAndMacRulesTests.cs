namespace AeUpdater.Placeholders.Tests;

public sealed class WindowsAndMacRulesTests : IDisposable
{
    private const string WinHome = @"C:\Users\ann";

    private static readonly Dictionary<Environment.SpecialFolder, string> WinFolders = new()
    {
        [Environment.SpecialFolder.ApplicationData] = @"C:\Users\ann\AppData\Roaming",
        [Environment.SpecialFolder.MyDocuments] = @"D:\Docs",
        [Environment.SpecialFolder.MyPictures] = @"D:\Pics",
        [Environment.SpecialFolder.MyMusic] = @"D:\Music",
        [Environment.SpecialFolder.MyVideos] = @"D:\Videos",
        [Environment.SpecialFolder.DesktopDirectory] = @"C:\Users\ann\OneDrive\Desktop",
    };

    private readonly TempDirectory _home = TempDirectory.Create();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Create_Win32WithSpecialFolders_UsesThem()
    {
        var env = TestEnvironments.NoFiles(WinHome, PlatformIds.Windows, WinFolders, currentDirectory: @"C:\work");

        var map = PlaceholderMap.Create(env, "MyApp");

        Assert.Equal(@"C:\Users\ann\AppData\Roaming", map["usr"]);
        Assert.Equal(@"C:\Users\ann\AppData\Roaming\MyApp", map["app"]);
        Assert.Equal(@"D:\Docs", map["doc"]);
        Assert.Equal(@"D:\Docs\MyApp", map["ado"]);
        Assert.Equal(@"D:\Docs", map["documents"]);
        Assert.Equal(@"C:\Users\ann\Downloads", map["downloads"]);
        Assert.Equal(@"D:\Pics", map["pictures"]);
        Assert.Equal(@"D:\Music", map["music"]);
        Assert.Equal(@"D:\Videos", map["videos"]);
        Assert.Equal(@"C:\Users\ann\OneDrive\Desktop", map["desktop"]);
        Assert.Equal(WinHome, map["home"]);
        Assert.Equal(@"C:\work", map["cwd"]);
        Assert.Equal("win32", map.Platform);
    }

    [Fact]
    public void Create_Win32WithoutSpecialFolders_UsesAppDataVariableThenHomeFallbacks()
    {
        var env = TestEnvironments.NoFiles(
            WinHome, PlatformIds.Windows, variables: new Dictionary<string, string> { ["APPDATA"] = @"E:\Roaming" });

        var map = PlaceholderMap.Create(env, "MyApp");

        Assert.Equal(@"E:\Roaming", map["usr"]);
        Assert.Equal(@"E:\Roaming\MyApp", map["app"]);
        Assert.Equal(@"C:\Users\ann\Documents", map["doc"]);
        Assert.Equal(@"C:\Users\ann\Documents\MyApp", map["ado"]);
        Assert.Equal(@"C:\Users\ann\Downloads", map["downloads"]);
        Assert.Equal(@"C:\Users\ann\Pictures", map["pictures"]);
        Assert.Equal(@"C:\Users\ann\Music", map["music"]);
        Assert.Equal(@"C:\Users\ann\Videos", map["videos"]);
        Assert.Equal(@"C:\Users\ann\Desktop", map["desktop"]);
    }

    [Fact]
    public void Create_Win32WithNothing_UsesRoamingUnderHome()
    {
        var env = TestEnvironments.NoFiles(WinHome, PlatformIds.Windows, new Dictionary<Environment.SpecialFolder, string>
        {
            [Environment.SpecialFolder.ApplicationData] = "",
        });

        var map = PlaceholderMap.Create(env, "MyApp");

        Assert.Equal(@"C:\Users\ann\AppData\Roaming", map["usr"]);
        Assert.Equal(@"C:\Users\ann\AppData\Roaming\MyApp", map["app"]);
    }

    [Theory]
    [InlineData(PlatformIds.MacOS)]
    [InlineData(PlatformIds.IOS)]
    public void Create_DarwinAndIos_UseLibraryAndHomeFolders(string platform)
    {
        var env = TestEnvironments.NoFiles(_home.Path, platform, variables: new Dictionary<string, string>
        {
            ["XDG_CONFIG_HOME"] = "/must/not/be/used",
            ["XDG_DOWNLOAD_DIR"] = "/must/not/be/used",
        });

        var map = PlaceholderMap.Create(env, "MyApp");

        Assert.Equal(_home.Combine("Library", "Application Support"), map["usr"]);
        Assert.Equal(_home.Combine("Library", "Application Support", "MyApp"), map["app"]);
        Assert.Equal(_home.Combine("Documents"), map["doc"]);
        Assert.Equal(_home.Combine("Documents", "MyApp"), map["ado"]);
        Assert.Equal(_home.Combine("Documents"), map["documents"]);
        Assert.Equal(_home.Combine("Downloads"), map["downloads"]);
        Assert.Equal(_home.Combine("Pictures"), map["pictures"]);
        Assert.Equal(_home.Combine("Music"), map["music"]);
        Assert.Equal(_home.Combine("Movies"), map["videos"]);
        Assert.Equal(_home.Combine("Desktop"), map["desktop"]);
        Assert.Equal(_home.Path, map["home"]);
    }

    [Fact]
    public void WithPlatform_CopiesEverythingButThePlatform()
    {
        var env = TestEnvironments.NoFiles(WinHome, PlatformIds.Windows, WinFolders, currentDirectory: @"C:\work");

        var mac = env.WithPlatform(PlatformIds.MacOS);

        Assert.Equal("darwin", mac.Platform);
        Assert.Equal("win32", env.Platform);
        Assert.Equal(env.HomeDirectory, mac.HomeDirectory);
        Assert.Same(env.GetVariable, mac.GetVariable);
        Assert.Same(env.GetSpecialFolder, mac.GetSpecialFolder);
        Assert.Same(env.GetCurrentDirectory, mac.GetCurrentDirectory);
        Assert.Same(env.FileExists, mac.FileExists);
        Assert.Same(env.ReadAllLines, mac.ReadAllLines);
        Assert.Equal(env.EntryAssemblyName, mac.EntryAssemblyName);
    }
}
