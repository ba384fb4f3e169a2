namespace AeUpdater.Placeholders.Tests;

/// <summary>
/// A map without overrides reads only <c>usr</c>, <c>app</c>, <c>cwd</c> and <c>home</c> when it is built (a start with
/// nothing to do needs no more); the storage folders are read on first use, with the values an eager map has.
/// </summary>
public sealed class LazyMapTests : IDisposable
{
    private readonly TempDirectory _home = TempDirectory.Create();

    public void Dispose() => _home.Dispose();

    private PlaceholderEnvironment Linux(Action<string>? onFileRead = null)
    {
        var config = _home.Combine(".config");
        Directory.CreateDirectory(config);
        File.WriteAllLines(Path.Combine(config, "user-dirs.dirs"), ["XDG_DOCUMENTS_DIR=\"$HOME/Docs\"", "XDG_MUSIC_DIR=\"/srv/music\""]);
        return new PlaceholderEnvironment
        {
            HomeDirectory = _home.Path,
            GetVariable = name => name == "XDG_DESKTOP_DIR" ? "$HOME/Desk" : null,
            GetCurrentDirectory = () => _home.Combine("work"),
            Platform = PlatformIds.Linux,
            EntryAssemblyName = "EntryApp",
            FileExists = path =>
            {
                onFileRead?.Invoke(path);
                return File.Exists(path);
            },
            ReadAllLines = File.ReadAllLines,
        };
    }

    [Fact]
    public void NoOverrides_ReadsNoFileUntilAStorageFolderIsAskedFor()
    {
        var reads = new List<string>();
        var map = PlaceholderMap.Create(Linux(reads.Add), "MyApp");

        Assert.Equal(_home.Combine(".config", "MyApp"), map.Normalize("{app}"));
        Assert.Equal(_home.Combine(".config", "MyApp", ".aeupdater"), map.Normalize("{app}/.aeupdater"));
        Assert.Equal(_home.Combine("work"), map.CurrentDirectory);
        Assert.Equal("MyApp", map.AppName);
        Assert.Empty(reads);

        Assert.Equal(_home.Combine("Docs"), map["doc"]);
        Assert.Single(reads);
        Assert.Equal("/srv/music", map["music"]);
        Assert.Single(reads);
    }

    [Fact]
    public void NoOverrides_HasTheValuesAndOrderOfAMapWithOverrides()
    {
        var lazy = PlaceholderMap.Create(Linux(), "MyApp");
        // An added id takes the eager path; its built-in entries must be the same.
        var eager = PlaceholderMap.Create(Linux(), "MyApp", [new("extra", "x")]);

        Assert.Equal(eager.Entries.Take(PlaceholderIds.BuiltIn.Count), lazy.Entries);
        Assert.Equal(PlaceholderIds.BuiltIn, lazy.Ids);
        Assert.Equal(_home.Combine("Desk"), lazy["desktop"]);
        Assert.Equal(_home.Combine("Docs", "MyApp"), lazy["ado"]);
    }

    [Fact]
    public void NoOverrides_UnknownIdStillFailsAndNamesEveryKnownId()
    {
        var map = PlaceholderMap.Create(Linux(), "MyApp");

        var error = Assert.Throws<PlaceholderException>(() => map.Expand("{nope}"));

        Assert.Contains("Unknown placeholder '{nope}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("desktop", error.Message, StringComparison.Ordinal);
        Assert.False(map.Contains("nope"));
        Assert.Throws<KeyNotFoundException>(() => map["nope"]);
    }

    [Fact]
    public void NoOverrides_ConcurrentFirstReads_AllSeeTheSameValues()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var map = PlaceholderMap.Create(Linux(), "MyApp");
            var results = new string[8][];
            using var start = new Barrier(results.Length);
            var threads = Enumerable.Range(0, results.Length).Select(i => new Thread(() =>
            {
                start.SignalAndWait(TimeSpan.FromSeconds(10));
                results[i] = [.. PlaceholderIds.BuiltIn.Select(id => map.TryGetValue(id, out var value) ? value : "<missing>")];
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(10))));

            foreach (var values in results)
            {
                Assert.Equal(results[0], values);
                Assert.DoesNotContain("<missing>", values);
            }
        }
    }

    [Fact]
    public void NoOverrides_InvalidAppNameStillThrowsAtCreate()
    {
        Assert.Throws<PlaceholderException>(() => PlaceholderMap.Create(Linux(), "a/b"));
        Assert.Throws<PlaceholderException>(() => PlaceholderMap.Create(Linux(), "bad\u0001name"));
    }
}
