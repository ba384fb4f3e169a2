using Microsoft.Extensions.Configuration;

namespace AeUpdater.Placeholders.Tests;

public sealed class OverrideTests : IDisposable
{
    private readonly TempDirectory _home = TempDirectory.Create();
    private readonly string _cwd;

    public OverrideTests()
    {
        _cwd = _home.Combine("work");
    }

    public void Dispose() => _home.Dispose();

    private PlaceholderEnvironment Env() => TestEnvironments.Linux(_home.Path, currentDirectory: _cwd);

    private PlaceholderMap Create(params (string Id, string Value)[] pairs) =>
        PlaceholderMap.Create(Env(), "MyApp", [.. pairs.Select(p => new KeyValuePair<string, string>(p.Id, p.Value))]);

    private PlaceholderMap FromConfiguration(params (string Key, string? Value)[] pairs)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)))
            .Build();
        return PlaceholderMap.FromConfiguration(configuration, Env());
    }

    [Theory]
    [InlineData("/opt/data", "/opt/data")]
    [InlineData("/opt/data/", "/opt/data")]
    [InlineData("/opt/x/../data", "/opt/data")]
    [InlineData("{home}/data", "{home}/data")]
    [InlineData("{doc}/data", "{home}/Documents/data")]
    [InlineData("~", "{home}")]
    [InlineData("~/data", "{home}/data")]
    [InlineData("data", "{cwd}/data")]
    [InlineData("../data", "{home}/data")]
    [InlineData("{usr}/sub", "{home}/.config/sub")]
    [InlineData("{cwd}", "{cwd}")]
    public void Create_UsrOverride_IsNormalisedAndAppFollows(string value, string expected)
    {
        var map = Create(("usr", value));

        var want = expected.Replace("{home}", _home.Path, StringComparison.Ordinal).Replace("{cwd}", _cwd, StringComparison.Ordinal);
        Assert.Equal(want, map["usr"]);
        Assert.Equal(want == "/" ? "/MyApp" : want + "/MyApp", map["app"]);
    }

    [Fact]
    public void Create_NewId_IsAddedAfterTheBuiltInIds()
    {
        var map = Create(("logs", "{app}/logs"), ("cache", "/var/cache/x"));

        Assert.Equal(_home.Combine(".config", "MyApp", "logs"), map["logs"]);
        Assert.Equal("/var/cache/x", map["cache"]);
        Assert.Equal([.. PlaceholderIds.BuiltIn, "logs", "cache"], map.Ids);
    }

    [Fact]
    public void Create_NewIdUsingAppListedBeforeUsrOverride_SeesTheOverriddenUsr()
    {
        var map = Create(("logs", "{app}/logs"), ("usr", "/opt/usr"));

        Assert.Equal("/opt/usr/MyApp/logs", map["logs"]);
    }

    [Fact]
    public void Create_OverridesUsingEachOther_ResolveWhateverTheOrder()
    {
        var map = Create(("a", "{b}/a"), ("b", "/base/b"));

        Assert.Equal("/base/b/a", map["a"]);
        Assert.Equal("/base/b", map["b"]);
    }

    [Fact]
    public void Create_CwdOverridden_RelativeOverridesFollowIt()
    {
        var map = Create(("usr", "rel"), ("cwd", "/srv/run"));

        Assert.Equal("/srv/run", map["cwd"]);
        Assert.Equal("/srv/run", map.CurrentDirectory);
        Assert.Equal("/srv/run/rel", map["usr"]);
        Assert.Equal("/srv/run/x", map.Normalize("x"));
    }

    [Theory]
    [InlineData("apk", "apk")]
    [InlineData("rel/dir", "rel/dir")]
    [InlineData("{app_name}.ext", "MyApp.ext")]
    [InlineData("~/data", "HOME/data")]
    public void Create_AddedId_KeepsExpandedValueNotMadeAbsolute(string value, string expected)
    {
        var map = Create(("apk_ext", value));

        Assert.Equal(expected.Replace("HOME", map.HomeDirectory, StringComparison.Ordinal), map["apk_ext"]);
    }

    [Fact]
    public void Create_SameIdTwice_LastWins()
    {
        var map = Create(("usr", "/first"), ("usr", "/second"));

        Assert.Equal("/second", map["usr"]);
        Assert.Equal("/second/MyApp", map["app"]);
    }

    [Fact]
    public void Create_OverridesInACycle_ThrowNamingTheIds()
    {
        var error = Assert.Throws<PlaceholderException>(() => Create(("a", "{b}"), ("b", "{a}")));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UsrOverrideUsingApp_IsACycle()
    {
        var error = Assert.Throws<PlaceholderException>(() => Create(("usr", "{app}/x")));

        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a-b")]
    [InlineData("9x")]
    [InlineData("")]
    [InlineData("a b")]
    public void Create_InvalidId_ThrowsNamingTheId(string id)
    {
        var error = Assert.Throws<PlaceholderException>(() => Create((id, "/x")));

        Assert.Contains($"'{id}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(id, error.Id);
    }

    [Fact]
    public void Create_UnknownIdInValue_ThrowsNamingBothIds()
    {
        var error = Assert.Throws<PlaceholderException>(() => Create(("data", "{nope}/x")));

        Assert.Contains("'data'", error.Message, StringComparison.Ordinal);
        Assert.Contains("{nope}", error.Message, StringComparison.Ordinal);
        Assert.Equal("nope", error.Id);
        Assert.Equal(0, error.Position);
    }

    [Fact]
    public void Create_EmptyValue_ThrowsNamingTheId()
    {
        var error = Assert.Throws<PlaceholderException>(() => Create(("doc", "")));

        Assert.Contains("'doc'", error.Message, StringComparison.Ordinal);
        Assert.Equal("doc", error.Id);
    }

    [Fact]
    public void Create_NullValue_ThrowsNamingTheId()
    {
        var error = Assert.Throws<PlaceholderException>(() => Create(("doc", null!)));

        Assert.Equal("doc", error.Id);
    }

    [Fact]
    public void Create_HomeOverride_ChangesHomeIdButNotTilde()
    {
        var map = Create(("home", "/other/home"));

        Assert.Equal("/other/home", map["home"]);
        Assert.Equal(_home.Path, map.HomeDirectory);
        Assert.Equal(_home.Combine("x"), map.Normalize("~/x"));
        Assert.Equal(_home.Combine("Downloads"), map["downloads"]);
    }

    [Fact]
    public void FromConfiguration_PlaceholdersSection_OverridesAndAdds()
    {
        var map = FromConfiguration(
            ("AeUpdater:Placeholders:usr", "/cfg/usr"),
            ("AeUpdater:Placeholders:logs", "{app}/logs"),
            ("AeUpdater:AppName", "CfgApp"),
            ("Other:Placeholders:doc", "/not/this"));

        Assert.Equal("/cfg/usr", map["usr"]);
        Assert.Equal("/cfg/usr/CfgApp", map["app"]);
        Assert.Equal("/cfg/usr/CfgApp/logs", map["logs"]);
        Assert.Equal("CfgApp", map.AppName);
        Assert.Equal(_home.Combine("Documents"), map["doc"]);
    }

    [Fact]
    public void FromConfiguration_Empty_IsTheBuiltInMap()
    {
        var map = FromConfiguration();

        Assert.Equal(PlaceholderIds.BuiltIn, map.Ids);
        Assert.Equal("EntryApp", map.AppName);
        Assert.Equal(_home.Combine(".config"), map["usr"]);
        Assert.Equal(_cwd, map["cwd"]);
    }

    [Theory]
    [InlineData("AEUPDATER:PLACEHOLDERS:USR")]
    [InlineData("AeUpdater:Placeholders:Usr")]
    [InlineData("aeupdater:placeholders:usr")]
    public void FromConfiguration_BuiltInIdInOtherCase_OverridesTheBuiltInId(string key)
    {
        // Environment variables (AEUPDATER__PLACEHOLDERS__USR) keep their own case; configuration keys are case-insensitive.
        var map = FromConfiguration((key, "/env/usr"));

        Assert.Equal("/env/usr", map["usr"]);
        Assert.Equal("/env/usr/EntryApp", map["app"]);
        Assert.False(map.Contains("USR"));
        Assert.False(map.Contains("Usr"));
    }

    [Fact]
    public void FromConfiguration_AppNameInPlaceholdersSection_IsUsed()
    {
        var map = FromConfiguration(("AeUpdater:Placeholders:app_name", "SectionApp"));

        Assert.Equal("SectionApp", map.AppName);
        Assert.Equal(_home.Combine(".config", "SectionApp"), map["app"]);
    }

    [Fact]
    public void FromConfiguration_InvalidId_ThrowsNamingIt()
    {
        var error = Assert.Throws<PlaceholderException>(() => FromConfiguration(("AeUpdater:Placeholders:my-dir", "/x")));

        Assert.Contains("'my-dir'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_EmptyValue_ThrowsNamingIt()
    {
        var error = Assert.Throws<PlaceholderException>(() => FromConfiguration(("AeUpdater:Placeholders:usr", "")));

        Assert.Contains("'usr'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PlaceholderMap.FromConfiguration(null!, Env()));
    }

    [Fact]
    public void Create_RelativeHome_Throws()
    {
        var env = TestEnvironments.Linux("relative/home");

        var error = Assert.Throws<PlaceholderException>(() => PlaceholderMap.Create(env, "MyApp"));

        Assert.Contains("home", error.Message, StringComparison.Ordinal);
    }
}
