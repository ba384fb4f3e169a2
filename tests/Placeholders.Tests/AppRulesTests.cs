namespace AeUpdater.Placeholders.Tests;

public sealed class AppRulesTests : IDisposable
{
    private readonly TempDirectory _home = TempDirectory.Create();

    public void Dispose() => _home.Dispose();

    private PlaceholderEnvironment Env(string? entryAssemblyName = "EntryApp") =>
        TestEnvironments.Linux(_home.Path, entryAssemblyName: entryAssemblyName);

    private static KeyValuePair<string, string>[] Overrides(params (string Id, string Value)[] pairs) =>
        [.. pairs.Select(p => new KeyValuePair<string, string>(p.Id, p.Value))];

    [Fact]
    public void Create_AppNameParameter_IsUsedForAppAndAdo()
    {
        var map = PlaceholderMap.Create(Env(), "MyApp");

        Assert.Equal("MyApp", map.AppName);
        Assert.Equal("MyApp", map["app_name"]);
        Assert.Equal(_home.Combine(".config", "MyApp"), map["app"]);
        Assert.Equal(_home.Combine("Documents", "MyApp"), map["ado"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Create_NoAppNameParameter_UsesEntryAssemblyName(string? appName)
    {
        var map = PlaceholderMap.Create(Env("EntryApp"), appName);

        Assert.Equal("EntryApp", map.AppName);
        Assert.Equal(_home.Combine(".config", "EntryApp"), map["app"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Create_NoAppNameAnywhere_FallsBackToApp(string? entryAssemblyName)
    {
        var map = PlaceholderMap.Create(Env(entryAssemblyName));

        Assert.Equal("app", map.AppName);
        Assert.Equal(_home.Combine(".config", "app"), map["app"]);
    }

    [Fact]
    public void Create_AppNameOverride_WinsOverEntryAssembly()
    {
        var map = PlaceholderMap.Create(Env("EntryApp"), overrides: Overrides(("app_name", "FromOverride")));

        Assert.Equal("FromOverride", map.AppName);
        Assert.Equal(_home.Combine(".config", "FromOverride"), map["app"]);
    }

    [Fact]
    public void Create_AppNameParameterAndOverride_ParameterWins()
    {
        var map = PlaceholderMap.Create(Env(), "FromParameter", Overrides(("app_name", "FromOverride")));

        Assert.Equal("FromParameter", map.AppName);
        Assert.Equal(_home.Combine(".config", "FromParameter"), map["app"]);
    }

    [Fact]
    public void Create_AppNameOverride_IsNotTreatedAsAPath()
    {
        var map = PlaceholderMap.Create(Env(), overrides: Overrides(("app_name", "My App")));

        Assert.Equal("My App", map["app_name"]);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a\0b")]
    [InlineData(" ")]
    [InlineData("a\nb")]
    public void Create_InvalidAppNameParameter_Throws(string appName)
    {
        var error = Assert.Throws<PlaceholderException>(() => PlaceholderMap.Create(Env(), appName));

        Assert.Equal("app_name", error.Id);
        Assert.Contains("app name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("..")]
    public void Create_InvalidAppNameOverride_Throws(string appName)
    {
        var error = Assert.Throws<PlaceholderException>(
            () => PlaceholderMap.Create(Env(), overrides: Overrides(("app_name", appName))));

        Assert.Equal("app_name", error.Id);
        Assert.Contains("app_name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_InvalidEntryAssemblyName_Throws()
    {
        var error = Assert.Throws<PlaceholderException>(() => PlaceholderMap.Create(Env("..")));

        Assert.Equal("app_name", error.Id);
    }

    [Fact]
    public void Create_UsrOverridden_AppFollows()
    {
        using var data = TempDirectory.Create();

        var map = PlaceholderMap.Create(Env(), "MyApp", Overrides(("usr", data.Path)));

        Assert.Equal(data.Path, map["usr"]);
        Assert.Equal(data.Combine("MyApp"), map["app"]);
        Assert.Equal(_home.Combine("Documents", "MyApp"), map["ado"]);
    }

    [Fact]
    public void Create_DocOverridden_AdoFollows()
    {
        using var docs = TempDirectory.Create();

        var map = PlaceholderMap.Create(Env(), "MyApp", Overrides(("doc", docs.Path)));

        Assert.Equal(docs.Path, map["doc"]);
        Assert.Equal(docs.Combine("MyApp"), map["ado"]);
        Assert.Equal(_home.Combine("Documents"), map["documents"]);
        Assert.Equal(_home.Combine(".config", "MyApp"), map["app"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Create_AppOverriddenExplicitly_WinsWhateverTheOrder(bool appFirst)
    {
        (string, string) app = ("app", "/opt/explicit-app");
        (string, string) usr = ("usr", "/opt/usr");

        var map = PlaceholderMap.Create(Env(), "MyApp", appFirst ? Overrides(app, usr) : Overrides(usr, app));

        Assert.Equal("/opt/explicit-app", map["app"]);
        Assert.Equal("/opt/usr", map["usr"]);
    }

    [Fact]
    public void Create_AdoOverriddenUsingApp_SeesTheFollowedApp()
    {
        var map = PlaceholderMap.Create(Env(), "MyApp", Overrides(("ado", "{app}/docs"), ("usr", "/opt/usr")));

        Assert.Equal("/opt/usr/MyApp", map["app"]);
        Assert.Equal("/opt/usr/MyApp/docs", map["ado"]);
    }
}
