namespace AeUpdater.Rules;

/// <summary>A drop-in folder that applies here: its kind and its resolved, absolute destination.</summary>
internal sealed record DropInRule(string Folder, string Name, DropInKind Kind, string Destination, IReadOnlyList<string> Platforms);
