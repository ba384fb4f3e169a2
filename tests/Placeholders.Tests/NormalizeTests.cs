namespace AeUpdater.Placeholders.Tests;

public sealed class NormalizeTests : IDisposable
{
    private readonly TempDirectory _home = TempDirectory.Create();
    private readonly PlaceholderMap _map;
    private readonly string _cwd;

    public NormalizeTests()
    {
        _cwd = _home.Combine("work");
        _map = PlaceholderMap.Create(TestEnvironments.Linux(_home.Path, currentDirectory: _cwd), "MyApp");
    }

    public void Dispose() => _home.Dispose();

    private string Expected(string pattern) => pattern
        .Replace("{home}", _home.Path, StringComparison.Ordinal)
        .Replace("{cwd}", _cwd, StringComparison.Ordinal);

    [Theory]
    [InlineData("{usr}", "{home}/.config")]
    [InlineData("{usr}/x", "{home}/.config/x")]
    [InlineData("{app}/config", "{home}/.config/MyApp/config")]
    [InlineData("{ado}", "{home}/Documents/MyApp")]
    [InlineData("{downloads}/{app_name}.txt", "{home}/Downloads/MyApp.txt")]
    [InlineData("{cwd}", "{cwd}")]
    [InlineData("{home}", "{home}")]
    [InlineData("{{literal}}", "{cwd}/{literal}")]
    [InlineData("a{{b}}c", "{cwd}/a{b}c")]
    [InlineData("{{{usr}}}", "{cwd}/{{home}/.config}")]
    [InlineData("~", "{home}")]
    [InlineData("~/", "{home}")]
    [InlineData("~/x/y", "{home}/x/y")]
    [InlineData("~user", "{cwd}/~user")]
    [InlineData("~user/x", "{cwd}/~user/x")]
    [InlineData("x/~", "{cwd}/x/~")]
    [InlineData("x/~/y", "{cwd}/x/~/y")]
    [InlineData("rel", "{cwd}/rel")]
    [InlineData("./rel/./x", "{cwd}/rel/x")]
    [InlineData("..", "{home}")]
    [InlineData("../..", "{home}/..")]
    [InlineData("", "{cwd}")]
    [InlineData(".", "{cwd}")]
    [InlineData("/a/./b/../c", "/a/c")]
    [InlineData("/a/b/", "/a/b")]
    [InlineData("/a//b///c", "/a/b/c")]
    [InlineData("/", "/")]
    [InlineData("//", "/")]
    [InlineData("/..", "/")]
    [InlineData("/../a", "/a")]
    [InlineData("{usr}/../x", "{home}/x")]
    [InlineData("/a b/c d", "/a b/c d")]
    public void Normalize_Table_ExpandsAndMakesAbsolute(string path, string expected)
    {
        var want = Expected(expected);
        if (expected == "{home}/..")
        {
            want = Path.GetDirectoryName(_home.Path)!;
        }

        Assert.Equal(want, _map.Normalize(path));
        Assert.True(_map.TryNormalize(path, null, out var result, out var error));
        Assert.Equal(want, result);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("rel", "/base", "/base/rel")]
    [InlineData("../rel", "/base/sub", "/base/rel")]
    [InlineData("/abs", "/base", "/abs")]
    [InlineData("{usr}", "/base", "{home}/.config")]
    [InlineData("~/x", "/base", "{home}/x")]
    [InlineData("", "/base", "/base")]
    [InlineData("x", "/base/", "/base/x")]
    [InlineData("x", "sub", "{cwd}/sub/x")]
    [InlineData("x", "{home}", "{home}/x")]
    [InlineData("x", "~/b", "{home}/b/x")]
    public void Normalize_WithBaseDirectory_ResolvesRelativeAgainstIt(string path, string baseDirectory, string expected)
    {
        Assert.Equal(Expected(expected), _map.Normalize(path, baseDirectory));
    }

    [Fact]
    public void Normalize_DefaultBase_IsTheMapsCwdNotTheProcesss()
    {
        Assert.NotEqual(Directory.GetCurrentDirectory(), _cwd);

        Assert.Equal(Path.Join(_cwd, "x"), _map.Normalize("x"));
    }

    [Fact]
    public void Normalize_DoesNotTouchTheFileSystem()
    {
        var path = _map.Normalize("{app}/new/folder");

        Assert.False(Directory.Exists(_home.Combine(".config")));
        Assert.Equal(_home.Combine(".config", "MyApp", "new", "folder"), path);
    }

    [Theory]
    [InlineData("{nope}", "nope", 0)]
    [InlineData("{usr}/{nope}/x", "nope", 6)]
    [InlineData("a{Usr}", "Usr", 1)]
    public void Normalize_UnknownId_ThrowsNamingIt(string path, string id, int position)
    {
        var error = Assert.Throws<PlaceholderException>(() => _map.Normalize(path));

        Assert.Equal(id, error.Id);
        Assert.Equal(position, error.Position);
        Assert.Equal(path, error.Text);
        Assert.Contains("{" + id + "}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"position {position}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{usr", 0, "'{'")]
    [InlineData("a{b", 1, "'{'")]
    [InlineData("a}b", 1, "'}'")]
    [InlineData("}", 0, "'}'")]
    [InlineData("{usr}}", 5, "'}'")]
    [InlineData("{usr}/{", 6, "'{'")]
    [InlineData("{{{", 2, "'{'")]
    public void Normalize_UnbalancedBrace_ThrowsWithPosition(string path, int position, string brace)
    {
        var error = Assert.Throws<PlaceholderException>(() => _map.Normalize(path));

        Assert.Equal(position, error.Position);
        Assert.Null(error.Id);
        Assert.Contains($"position {position}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Unbalanced " + brace, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{a b}")]
    [InlineData("{usr:x}")]
    [InlineData("{usr[0]}")]
    [InlineData("{0}")]
    [InlineData("{a-b}")]
    [InlineData("{ usr}")]
    public void Normalize_MalformedPlaceholder_Throws(string path)
    {
        var error = Assert.Throws<PlaceholderException>(() => _map.Normalize(path));

        Assert.Equal(0, error.Position);
        Assert.Contains("not a placeholder", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{nope}")]
    [InlineData("{usr")]
    [InlineData("}")]
    [InlineData("{}")]
    [InlineData("{a b}")]
    [InlineData("a\0b")]
    public void TryNormalize_BadInput_ReturnsFalseWithoutThrowing(string path)
    {
        var ok = _map.TryNormalize(path, null, out var result, out var error);

        Assert.False(ok);
        Assert.Equal("", result);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("{nope}")]
    [InlineData("a\0b")]
    [InlineData("{usr")]
    public void TryNormalize_BadBaseDirectory_ReturnsFalseWithoutThrowing(string baseDirectory)
    {
        var ok = _map.TryNormalize("x", baseDirectory, out var result, out var error);

        Assert.False(ok);
        Assert.Equal("", result);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Normalize_NulCharacter_ThrowsWithPosition()
    {
        var error = Assert.Throws<PlaceholderException>(() => _map.Normalize("ab\0c"));

        Assert.Equal(2, error.Position);
        Assert.Contains("NUL", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{usr}/x", "{home}/.config/x")]
    [InlineData("rel/{app_name}", "rel/MyApp")]
    [InlineData("~/x", "~/x")]
    [InlineData("a/../b", "a/../b")]
    [InlineData("{{x}}", "{x}")]
    [InlineData("}}{{", "}{")]
    [InlineData("no braces", "no braces")]
    [InlineData("", "")]
    public void Expand_Table_ReplacesIdsOnly(string text, string expected)
    {
        Assert.Equal(Expected(expected), _map.Expand(text));
        Assert.True(_map.TryExpand(text, out var result, out var error));
        Assert.Equal(Expected(expected), result);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("{nope}")]
    [InlineData("{usr")]
    [InlineData("usr}")]
    [InlineData("{}")]
    public void TryExpand_BadInput_ReturnsFalseWithoutThrowing(string text)
    {
        var ok = _map.TryExpand(text, out var result, out var error);

        Assert.False(ok);
        Assert.Equal("", result);
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<PlaceholderException>(() => _map.Expand(text));
    }

    [Fact]
    public void Expand_ValueContainingBraces_IsNotExpandedAgain()
    {
        var map = _map.With("odd", "{usr}");

        Assert.Equal("{usr}/x", map.Expand("{odd}/x"));
    }

    [Fact]
    public void With_ReturnsANewMapAndLeavesTheOldOneUnchanged()
    {
        var before = _map.Entries.ToList();

        var changed = _map.With("usr", "/changed").With("extra", "/extra");

        Assert.NotSame(_map, changed);
        Assert.Equal(before, _map.Entries);
        Assert.Equal(_home.Combine(".config"), _map["usr"]);
        Assert.False(_map.Contains("extra"));
        Assert.Equal("/changed", changed["usr"]);
        Assert.Equal("/extra", changed["extra"]);
        Assert.Equal([.. PlaceholderIds.BuiltIn, "extra"], changed.Ids);
        Assert.Equal(_map.Platform, changed.Platform);
        Assert.Equal(_map.HomeDirectory, changed.HomeDirectory);
    }

    [Fact]
    public void With_ValueIsTakenAsItIs()
    {
        var map = _map.With("ext", "apk");

        Assert.Equal("apk", map["ext"]);
        Assert.Equal("x.apk", map.Expand("x.{ext}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a-b")]
    [InlineData("{usr}")]
    public void With_InvalidId_Throws(string id)
    {
        var error = Assert.Throws<PlaceholderException>(() => _map.With(id, "/x"));

        Assert.Contains($"'{id}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_NullValue_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => _map.With("x", null!));
    }

    [Fact]
    public void Ids_CannotBeModifiedThroughACast()
    {
        var ids = _map.Ids;

        if (ids is IList<string> list)
        {
            Assert.Throws<NotSupportedException>(() => list[0] = "hacked");
        }

        Assert.Equal("app_name", _map.Ids[0]);
        Assert.Equal(PlaceholderIds.BuiltIn, _map.Ids);
    }

    [Fact]
    public void Entries_AreInIdsOrder()
    {
        Assert.Equal(_map.Ids, _map.Entries.Select(e => e.Key));
        Assert.All(_map.Entries, e => Assert.Equal(_map[e.Key], e.Value));
    }

    [Fact]
    public void TryGetValue_KnownAndUnknown()
    {
        Assert.True(_map.TryGetValue("usr", out var usr));
        Assert.Equal(_home.Combine(".config"), usr);
        Assert.False(_map.TryGetValue("nope", out var none));
        Assert.Equal("", none);
        Assert.Throws<KeyNotFoundException>(() => _map["nope"]);
    }
}
