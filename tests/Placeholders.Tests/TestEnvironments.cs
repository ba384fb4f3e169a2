namespace AeUpdater.Placeholders.Tests;

/// <summary>Builds <see cref="PlaceholderEnvironment"/>s over a temporary home with fake variables: the real home is never read.</summary>
internal static class TestEnvironments
{
    public static PlaceholderEnvironment Linux(
        string home,
        IReadOnlyDictionary<string, string>? variables = null,
        string? currentDirectory = null,
        string? entryAssemblyName = "EntryApp",
        string platform = PlatformIds.Linux) => new()
        {
            HomeDirectory = home,
            GetVariable = name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
            GetSpecialFolder = folder => throw new InvalidOperationException($"Linux rules must not read special folder {folder}."),
            GetCurrentDirectory = () => currentDirectory ?? home,
            Platform = platform,
            EntryAssemblyName = entryAssemblyName,
        };

    /// <summary>An environment whose file access fails the test: for rules that must not read files.</summary>
    public static PlaceholderEnvironment NoFiles(
        string home,
        string platform,
        IReadOnlyDictionary<Environment.SpecialFolder, string>? specialFolders = null,
        IReadOnlyDictionary<string, string>? variables = null,
        string? currentDirectory = null) => new()
        {
            HomeDirectory = home,
            GetVariable = name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
            GetSpecialFolder = folder => specialFolders is not null && specialFolders.TryGetValue(folder, out var value) ? value : null,
            GetCurrentDirectory = () => currentDirectory ?? home,
            Platform = platform,
            EntryAssemblyName = "EntryApp",
            FileExists = path => throw new InvalidOperationException($"{platform} rules must not look for {path}."),
            ReadAllLines = path => throw new InvalidOperationException($"{platform} rules must not read {path}."),
        };
}
