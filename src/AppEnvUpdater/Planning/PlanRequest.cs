using AeUpdater.Placeholders;

namespace AeUpdater.Planning;

/// <summary>The inputs of planning: where to look, how to resolve, which kinds.</summary>
internal sealed record PlanRequest(
    string Root,
    PlaceholderMap Placeholders,
    string DefaultDestination,
    string Platform,
    IReadOnlyCollection<DropInKind> Kinds,
    IReadOnlyList<string> Exclude);
