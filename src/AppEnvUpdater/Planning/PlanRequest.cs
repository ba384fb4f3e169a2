using AeUpdater.Placeholders;

namespace AeUpdater.Planning;

/// <summary>The inputs of planning: where to look, how to resolve, which kinds.</summary>
internal sealed record PlanRequest(
    string Root,
    PlaceholderMap Placeholders,
    string DefaultDestination,
    string Platform,
    IReadOnlyCollection<DropInKind> Kinds,
    IReadOnlyList<string> Exclude,
    Func<string, ResolvedPath>? Resolve = null,
    string? StateDirectory = null)
{
    /// <summary>Resolves a path's symbolic links (real paths and identities); as written when no resolver is given.</summary>
    public ResolvedPath ResolvePath(string path) => Resolve?.Invoke(path) ?? ResolvedPath.AsWritten(path);
}
